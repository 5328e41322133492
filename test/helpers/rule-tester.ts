// A table-driven tester for rules, strict about the tables themselves (after ESLint's RuleTester):
// every case is named and unique, evidence is deep-frozen (a rule that mutates it fails), each
// rule has at least one finding case and one near miss (the same product configured safely),
// and a rule must give the same answer twice (it is pure). Cases run through the engine's own
// judging (src/engine/judge.ts), so a table shows what a scan reports: only services proven by two
// signals reach the rule, and a draft on an unproven product is dropped. A draft naming a product
// outside the rule's meta.products fails the test (the engine would drop it silently).
import { describe, expect, it } from 'vitest';
import type { CloudResource } from '../../src/cloud/inventory.js';
import { deepFreeze, judgeByRule } from '../../src/engine/judge.js';
import type {
  EndpointEvidence,
  EndpointRule,
  FindingDraft,
  ResourceFindingDraft,
  ResourceRule,
} from '../../src/engine/rule.js';

interface ValidCase {
  readonly name: string;
  readonly evidence: EndpointEvidence;
  /** The same product, configured safely. At least one valid case must be one. */
  readonly nearMiss?: boolean;
}

interface InvalidCase {
  readonly name: string;
  readonly evidence: EndpointEvidence;
  /** Each expected finding is matched as a subset of the draft (evidence too). */
  readonly findings: readonly ExpectedFinding[];
}

type ExpectedFinding = Partial<Omit<FindingDraft, 'evidence'>> & { readonly evidence?: Record<string, unknown> };

export interface RuleTable {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
  readonly now?: Date;
}

const DEFAULT_NOW = new Date('2026-11-25T00:00:00Z');

export function testRule(rule: EndpointRule, table: RuleTable): void {
  const names = [...table.valid, ...table.invalid].map((testCase) => testCase.name);
  const ctx = { now: table.now ?? DEFAULT_NOW };

  describe(rule.meta.id, () => {
    it('has a well-formed table', () => {
      expect(new Set(names).size, 'case names must be unique').toBe(names.length);
      expect(table.invalid.length, 'at least one case must produce a finding').toBeGreaterThan(0);
      expect(
        table.valid.some((testCase) => testCase.nearMiss),
        'at least one valid case must be a near miss',
      ).toBe(true);
    });

    /** The engine's verdict, after checking that the rule itself names only its own products. */
    const judge = (evidence: EndpointEvidence) => {
      for (const draft of rule.check(evidence, ctx))
        expect(rule.meta.products, 'a finding names one of the rule’s products').toContain(draft.product);
      return judgeByRule(rule, evidence, ctx);
    };

    for (const testCase of table.valid) {
      it(`no finding: ${testCase.name}`, () => {
        expect(judge(deepFreeze(testCase.evidence))).toEqual([]);
      });
    }

    for (const testCase of table.invalid) {
      it(`finding: ${testCase.name}`, () => {
        const evidence = deepFreeze(testCase.evidence);
        const drafts = judge(evidence);
        expect(drafts).toHaveLength(testCase.findings.length);
        testCase.findings.forEach((expected, index) => expect(drafts[index]).toMatchObject(expected));
        for (const draft of drafts) expect(draft.message).not.toMatch(/undefined|\[object Object\]|NaN/);
        expect(judge(evidence), 'a rule is pure: same evidence, same drafts').toEqual(drafts);
      });
    }
  });
}

interface ResourceCase {
  readonly name: string;
  readonly resource: CloudResource;
  readonly nearMiss?: boolean;
}

export interface ResourceTable {
  readonly valid: readonly ResourceCase[];
  readonly invalid: readonly (ResourceCase & { readonly findings: readonly ExpectedResourceFinding[] })[];
  readonly now?: Date;
}

type ExpectedResourceFinding = Partial<Omit<ResourceFindingDraft, 'evidence' | 'impliedEndpoints'>> & {
  readonly evidence?: Record<string, unknown>;
  readonly impliedEndpoints?: readonly unknown[];
};

/** The same strictness for rules over cloud resources (normalised, as collectors and plans produce them). */
export function testResourceRule(rule: ResourceRule, table: ResourceTable): void {
  const names = [...table.valid, ...table.invalid].map((testCase) => testCase.name);
  const ctx = { now: table.now ?? DEFAULT_NOW };
  const check = (resource: CloudResource) => rule.checkResource(deepFreeze(resource) as never, ctx);

  describe(rule.meta.id, () => {
    it('has a well-formed table', () => {
      expect(new Set(names).size, 'case names must be unique').toBe(names.length);
      expect(table.invalid.length, 'at least one case must produce a finding').toBeGreaterThan(0);
      expect(
        table.valid.some((testCase) => testCase.nearMiss),
        'at least one valid case must be a near miss',
      ).toBe(true);
    });
    for (const testCase of table.valid) {
      it(`no finding: ${testCase.name}`, () => expect(check(testCase.resource)).toEqual([]));
    }
    for (const testCase of table.invalid) {
      it(`finding: ${testCase.name}`, () => {
        const drafts = check(testCase.resource);
        expect(drafts).toHaveLength(testCase.findings.length);
        testCase.findings.forEach((expected, index) => expect(drafts[index]).toMatchObject(expected));
        for (const draft of drafts) {
          expect(rule.meta.products, 'a finding names one of the rule’s products').toContain(draft.product);
          expect(draft.message).not.toMatch(/undefined|\[object Object\]|NaN/);
        }
        expect(check(testCase.resource), 'a rule is pure').toEqual(drafts);
      });
    }
  });
}
