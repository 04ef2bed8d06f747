// @vitest-environment happy-dom
// Rule swap-carry-changes, as a property: whatever the user made, changed and deleted on a viewer
// (some of it saved along the way), once its token ran out the changes the session followed, made
// again on a new viewer loaded from the engine, leave the new viewer and then the engine with exactly
// what the old viewer showed: nothing lost, nothing twice, nothing deleted that was kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PendingChanges } from '../../src/session/pending-changes.js';
import { applyChanges, readChanges } from '../../src/viewer/carry-changes.js';
import { FakeOldInstance, type FakeAnnotation, type FakeOldEngine } from '../support/fake-old-sdk.js';

type Op =
  | { kind: 'create'; page: number; text: string }
  | { kind: 'update'; pick: number; text: string }
  | { kind: 'delete'; pick: number }
  | { kind: 'save' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), page: fc.nat(2), text: fc.string({ maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), text: fc.string({ maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  fc.constant({ kind: 'save' as const }),
);

const viewerOn = (engine: FakeOldEngine, jwt: string) => new FakeOldInstance(document.createElement('div'), jwt, engine);
const contents = (annotations: Map<string, FakeAnnotation>) => new Map([...annotations].map(([id, { pageIndex, text }]) => [id, { pageIndex, text }]));

describe('carrying the changes of a viewer that cannot save', () => {
  it('leaves the new viewer, then the engine, with what the old viewer showed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(3), fc.array(op, { maxLength: 25 }), async (existing, ops) => {
        const engine: FakeOldEngine = { saved: 0, annotations: new Map() };
        for (let i = 0; i < existing; i++) engine.annotations!.set(`kept-${i}`, { id: `kept-${i}`, pageIndex: i % 3, text: 'before' });
        const old = viewerOn(engine, 'old');
        const pending = new PendingChanges();
        pending.watch(old);
        for (const step of ops) {
          const shown = [...old.annotations.values()];
          const target = shown.length ? shown[('pick' in step ? step.pick : 0) % shown.length]! : undefined;
          if (step.kind === 'create') {
            old.setViewState((state) => state.set('currentPageIndex', step.page));
            old.change(step.text);
          } else if (step.kind === 'update' && target) await old.update({ ...target, text: step.text });
          else if (step.kind === 'delete' && target) await old.delete(target.id);
          else if (step.kind === 'save') await old.save();
        }
        old.tokenExpired = () => true; // the lid closed: nothing more reaches the engine from the old viewer
        await old.save().catch(() => {});
        const next = viewerOn(engine, 'new');
        const outcome = await applyChanges(next, await readChanges(old, pending.changes()));
        expect(outcome.left).toBe(0);
        expect(outcome.saved).toBe(true);
        expect(contents(next.annotations)).toEqual(contents(old.annotations));
        expect(contents(engine.annotations!)).toEqual(contents(old.annotations));
      }),
      { numRuns: 200 },
    );
  });

  it('reports what the new viewer would not take, and carries the rest', async () => {
    const engine: FakeOldEngine = { saved: 0, annotations: new Map() };
    const old = viewerOn(engine, 'old');
    const pending = new PendingChanges();
    pending.watch(old);
    old.change('kept');
    old.change('refused');
    const next = viewerOn(engine, 'new');
    const create = next.create.bind(next);
    next.create = (annotation) => (annotation.text === 'refused' ? Promise.reject(new Error('refused')) : create(annotation));
    const outcome = await applyChanges(next, await readChanges(old, pending.changes()));
    expect(outcome).toEqual({ carried: 1, left: 1, saved: true });
    expect([...engine.annotations!.values()].map((annotation) => annotation.text)).toEqual(['kept']);
  });
});
