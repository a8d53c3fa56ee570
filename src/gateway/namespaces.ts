import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Labels of Namespace objects defined in the app, per app root. */
const NAMESPACE_LABELS = new WeakMap<IConstruct, Map<string, Record<string, string>>>();

/** The labels of the Namespace object `namespace` defined in this app (with the automatic name label), if any. */
export function namespaceLabels(scope: IConstruct, namespace: string): Record<string, string> | undefined {
  const root = scope.node.root;
  let map = NAMESPACE_LABELS.get(root);
  if (!map) {
    map = new Map();
    for (const c of root.node.findAll()) {
      if (c instanceof ApiObject && c.kind === 'Namespace' && c.apiVersion === 'v1') {
        map.set(c.name, { ...(c.metadata.toJson().labels ?? {}), 'kubernetes.io/metadata.name': c.name });
      }
    }
    NAMESPACE_LABELS.set(root, map);
  }
  return map.get(namespace);
}

