// How fast V8 lets the old generation grow, for the scan only. After each full collection V8 sets
// the next limit to the live heap times a factor of up to 4, chosen from how fast the program
// allocates against how fast V8 collects; a scan allocates fast (thousands of sockets a second
// made and dropped), so against a million targets the heap was let grow far past what was alive
// before it was collected (docs/performance.md, issue 12). A fixed 50 % (a factor of 1.5) keeps
// the peak near the live heap at the cost of more frequent, smaller collections; short commands
// (rules, report, diff) are left with V8's defaults. Set at run time rather than on the bin's
// shebang line, so that it also holds for `node bin/exposcan.js` and for NODE_OPTIONS-less
// wrappers (V8 reads the flag at each collection).
import { setFlagsFromString } from 'node:v8';

const SCAN_HEAP_GROWING_PERCENT = 50;

/** Applies the scan's heap growth unless the user chose one on Node's command line. */
export function useScanHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${SCAN_HEAP_GROWING_PERCENT}`);
  return true;
}
