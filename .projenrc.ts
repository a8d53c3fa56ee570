import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  author: 'cdk8s-routing maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-d5d16f18.example',
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.3.0',
  jsiiVersion: '~6.0.0',
  name: 'cdk8s-routing',
  description: 'cdk8s constructs, validation and a local HAProxy runner for OpenShift Routes, Kubernetes Ingress and the Gateway API',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  repositoryUrl: 'https://github.com/maintainers/cdk8s-routing.git',
  defaultReleaseBranch: 'main',
  minNodeVersion: '20.19.0',

  // JS-only packaging: no other registries are reachable from our machines.
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  githubOptions: { mergify: false, pullRequestLint: false },

  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  bundledDeps: [
    'yaml@^2.9.0',
    'commander@^14.0.0',
    '@peculiar/x509@^2.2.0',
    'reflect-metadata@^0.2.2',
    'ipaddr.js@^2.2.0',
    '@bufbuild/cel@^0.6.1',
    '@bufbuild/protobuf@^2.6.0',
  ],
  devDeps: ['@types/node@^20', 'cdk8s-cli@2.207.60'],

  bin: { 'cdk8s-routing': 'lib/cli/bin.js' },

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 60_000,
      collectCoverage: false,
    },
  },
});

// npm ci rejects projen's lockfile without this (see TOOLCHAIN.md).
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Layer direction (STYLE.md): families -> validation/common; model -> validation; haproxy -> model.
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      { target: './src/common', from: ['./src/route', './src/ingress', './src/gateway', './src/tls', './src/canary', './src/model', './src/haproxy', './src/cli'], message: 'common/ is the bottom layer' },
      { target: './src/validation', from: ['./src/route', './src/ingress', './src/gateway', './src/canary', './src/model', './src/haproxy', './src/cli'], message: 'validation/ must not import constructs, model, haproxy or cli' },
      { target: './src/model', from: ['./src/route', './src/ingress', './src/gateway', './src/canary', './src/haproxy', './src/cli'], message: 'the routing model is built from manifests, never from constructs' },
      { target: './src/haproxy', from: ['./src/route', './src/ingress', './src/gateway', './src/canary', './src/cli'], message: 'haproxy/ reads the routing model only' },
      { target: './src/route', from: ['./src/model', './src/haproxy', './src/cli'], message: 'constructs produce manifests; they do not render' },
      { target: './src/gateway', from: ['./src/model', './src/haproxy', './src/cli'], message: 'constructs produce manifests; they do not render' },
      { target: './src/tls', from: ['./src/route', './src/ingress', './src/gateway', './src/canary', './src/model', './src/haproxy', './src/cli'], message: 'tls/ is shared by the families: it may not depend on them' },
      { target: './src/convert', from: ['./src/route', './src/ingress', './src/gateway', './src/canary', './src/model', './src/haproxy', './src/cli'], message: 'convert/ maps manifests to manifests' },
    ],
  }],
});

// Examples must compile in the test task.
project.testTask.prependExec('tsc -p tsconfig.dev.json');

const demo = project.addTask('demo', {
  description: 'Synthesize the example apps, validate, render haproxy.cfg and send real requests through HAProxy',
});
demo.exec('ts-node --transpile-only --project tsconfig.dev.json scripts/demo.ts');

const bench = project.addTask('bench', {
  description: 'Benchmark synth, validation, rendering and HAProxy throughput; writes bench/results.json',
});
bench.exec('ts-node --transpile-only --project tsconfig.dev.json bench/bench.ts');

project.gitignore.addPatterns('/bench/work/', '/test/.work/');
project.npmignore?.addPatterns('/scripts/', '/bench/', '/examples/', '/.ci/', 'tsconfig.dev.json');

project.synth();
