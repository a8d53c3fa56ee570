import { FieldPath } from '../../src/validation/field-path';

describe('FieldPath', () => {
  test('renders fields, indexes and map keys the Kubernetes way', () => {
    const p = FieldPath.root('spec').child('rules').index(0).child('host');
    expect(p.toString()).toBe('spec.rules[0].host');
    expect(FieldPath.root('metadata').child('annotations').key('haproxy.router.openshift.io/timeout').toString())
      .toBe('metadata.annotations[haproxy.router.openshift.io/timeout]');
  });

  test('parses what it renders', () => {
    const text = 'spec.alternateBackends[2].weight';
    expect(FieldPath.parse(text).toString()).toBe(text);
    expect(FieldPath.parse(text).keys()).toStrictEqual(['spec', 'alternateBackends', 2, 'weight']);
    expect(FieldPath.parse('metadata.annotations[a.b/c]').keys()).toStrictEqual(['metadata', 'annotations', 'a.b/c']);
  });

  test('is immutable: children do not change the parent', () => {
    const spec = FieldPath.root('spec');
    spec.child('host');
    expect(spec.toString()).toBe('spec');
  });
});
