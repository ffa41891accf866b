// R1: the engagement event types and the signal each carries.
//
// Weights are in [-1, 1]: +1 is the strongest evidence that a user wants more
// of this item, -1 the strongest that they do not. Negative signals carry half
// the information in a feed, so browse-past and hover-then-skip are first-class
// events rather than something inferred later. `impression` is exposure, not a
// preference: "shown but never interacted with" is derived from it downstream.

export const EVENT_TYPES = [
  'impression',
  'media_started',
  'media_completed',
  'media_replay',
  'media_liked',
  'media_shared',
  'media_added_to_playlist',
  'subscription_to_creator',
  'media_paused_early',
  'media_disliked',
  'media_skipped',
  'hover_skip',
  'browse_past',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export type SignalKind = 'positive' | 'negative' | 'exposure';

export interface Signal {
  readonly weight: number;
  readonly kind: SignalKind;
  readonly meaning: string;
}

export const SIGNALS: Readonly<Record<EventType, Signal>> = {
  media_completed: { weight: 1.0, kind: 'positive', meaning: 'consumed more than 90% — the strongest positive' },
  media_replay: { weight: 0.9, kind: 'positive', meaning: 'played again after finishing' },
  media_shared: { weight: 0.9, kind: 'positive', meaning: 'shared with someone — strong positive' },
  media_liked: { weight: 0.8, kind: 'positive', meaning: 'explicit like — strong positive' },
  subscription_to_creator: { weight: 0.8, kind: 'positive', meaning: "subscribed to the item's creator — strong creator affinity" },
  media_added_to_playlist: { weight: 0.7, kind: 'positive', meaning: 'saved for later' },
  media_started: { weight: 0.2, kind: 'positive', meaning: 'playback started — weak positive' },
  impression: { weight: 0, kind: 'exposure', meaning: 'shown to the user; neutral until we see what followed' },
  browse_past: { weight: -0.1, kind: 'negative', meaning: 'scrolled past without stopping' },
  hover_skip: { weight: -0.15, kind: 'negative', meaning: 'hovered or focused, then moved on' },
  media_paused_early: { weight: -0.3, kind: 'negative', meaning: 'stopped before 30% consumed — mild negative' },
  media_skipped: { weight: -0.5, kind: 'negative', meaning: 'auto-play skipped — moderate negative' },
  media_disliked: { weight: -1.0, kind: 'negative', meaning: 'explicit dislike — the strongest negative' },
};

/** Fraction consumed above which playback counts as completed (R1: >90%). */
export const COMPLETED_MIN_PROGRESS = 0.9;
/** Fraction consumed below which a pause counts as an early pause (R1: <30%). */
export const PAUSED_EARLY_MAX_PROGRESS = 0.3;

export function signalWeight(type: EventType): number {
  return SIGNALS[type].weight;
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}
