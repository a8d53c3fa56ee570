import { main, CliIo } from '../../src/cli/main';
import { mermaidLabel } from '../../src/model/explain';

function io(stdin = ''): CliIo & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    stdout: (s: string) => { r.out += s; },
    stderr: (s: string) => { r.err += s; },
    stdin: () => stdin,
    isTty: false,
  };
  return r;
}

const APP = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { ports: [{ name: http, port: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web-canary, namespace: shop }
spec: { ports: [{ name: http, port: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: shop }
spec: { ports: [{ name: tls, port: 8443 }] }
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop }
spec:
  host: shop.example.com
  to: { kind: Service, name: web, weight: 90 }
  alternateBackends: [{ kind: Service, name: web-canary, weight: 10 }]
  port: { targetPort: http }
  tls: { termination: edge, insecureEdgeTerminationPolicy: Redirect }
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: db, namespace: shop }
spec:
  host: "db.example.com"
  to: { kind: Service, name: db }
  tls: { termination: passthrough }
`;

describe('cdk8s-routing explain', () => {
  test('prints the routing table with each service\'s share and TLS mode', async () => {
    const o = io(APP);
    expect(await main(['explain', '-'], o)).toBe(0);
    const lines = o.out.trim().split('\n');
    expect(lines[0]).toMatch(/^PORT\s+TLS\s+HOST\s+MATCH\s+BACKENDS$/);
    expect(o.out).toMatch(/443\s+edge\s+shop\.example\.com\s+prefix \/\s+shop\/web 90%, shop\/web-canary 10%/);
    expect(o.out).toMatch(/80\s+none\s+shop\.example\.com\s+prefix \/\s+redirect 302 to https/);
    expect(o.out).toMatch(/443\s+passthrough\s+db\.example\.com\s+SNI\s+shop\/db 100%/);
  });

  test('--format mermaid prints a flowchart from client through listeners and hosts to services', async () => {
    const o = io(APP);
    expect(await main(['explain', '--format', 'mermaid', '-'], o)).toBe(0);
    const out = o.out;
    expect(out.split('\n')[0]).toBe('flowchart LR');
    expect(out).toContain('client(["client"])');
    expect(out).toMatch(/n\d+\{\{"HTTPS :443"\}\}/);
    expect(out).toMatch(/n\d+\["shop\.example\.com prefix \/ \(edge\)"\]/);
    // the split: one edge per service with its share, to one node per service
    const web = /(s\d+)\[\("shop\/web"\)\]/.exec(out)![1];
    const canary = /(s\d+)\[\("shop\/web-canary"\)\]/.exec(out)![1];
    expect(out).toMatch(new RegExp(`-->\\|"90%"\\| ${web}\\n`));
    expect(out).toMatch(new RegExp(`-->\\|"10%"\\| ${canary}\\n`));
    expect(out).toMatch(/n\d+\["db\.example\.com \(SNI, passthrough\)"\]/);
  });

  test('the same input gives byte-identical output', async () => {
    const a = io(APP);
    const b = io(APP);
    await main(['explain', '--format', 'mermaid', '-'], a);
    await main(['explain', '--format', 'mermaid', '-'], b);
    expect(a.out).toBe(b.out);
  });

  test('fails with exit 1 and the findings when the input has errors', async () => {
    const o = io('apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: { name: x, namespace: y }\nspec: { to: { kind: Service, name: "" } }\n');
    expect(await main(['explain', '-'], o)).toBe(1);
    expect(o.err).toContain('spec.to.name');
    expect(o.err).toContain('cannot explain');
    expect(o.out).toBe('');
  });

  test('fails with exit 2 on an unknown format', async () => {
    const o = io(APP);
    expect(await main(['explain', '--format', 'dot', '-'], o)).toBe(2);
  });

  test('labels cannot break the diagram: quotes, brackets, pipes and newlines are entities', () => {
    expect(mermaidLabel('a"b]|c\nd<e>')).toBe('a#quot;b]#124;c d#lt;e#gt;');
  });
});
