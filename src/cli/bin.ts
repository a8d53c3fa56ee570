#!/usr/bin/env node
import { main } from './main';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (e) => {
  process.stderr.write(`cdk8s-routing: ${(e as Error).message}\n`);
  process.exitCode = 2;
});
