// A setup file of the Vitest project that runs example 07's tests on PGlite
// (vitest.config.ts): V8's baseline WebAssembly compiler only, in that test
// process. PGlite runs initdb in WebAssembly at every start, once per test
// file here, and TurboFan's optimizing compile of its hot functions costs
// more CPU than these short runs win back: PGlite.create() takes ≈ 5.7 CPU-s,
// ≈ 3.9 with this flag; the same code and results, only the compiler tier
// differs. Set at run time, not as execArgv: a worker thread (the pool
// test/claims.test.ts lists tests with) refuses V8 flags on its command line.
// Remove once PGlite starts without initdb (a packaged data directory).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
