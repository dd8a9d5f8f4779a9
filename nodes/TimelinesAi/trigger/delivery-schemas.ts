import {
	legacyBundleSchema,
	legacySingleSchema,
	v2AccountEventSchema,
	v2CallEventSchema,
	v2ChatEventSchema,
	v2MessageEventSchema,
} from '../protocol';
import { lenient } from './lenient';
import type { z } from 'zod';

/** Every delivery shape, parsed leniently (see `lenient`): the protocol module stays the only place naming fields. */
export const deliverySchemas = {
	'legacy-bundle': lenient(legacyBundleSchema),
	'legacy-single': lenient(legacySingleSchema),
	'v2-message': lenient(v2MessageEventSchema),
	'v2-chat': lenient(v2ChatEventSchema),
	'v2-account': lenient(v2AccountEventSchema),
	'v2-call': lenient(v2CallEventSchema),
};

export type DeliveryKind = keyof typeof deliverySchemas;

type Parsed<K extends DeliveryKind> = z.output<(typeof deliverySchemas)[K]>;

export type LegacyBundleDelivery = Parsed<'legacy-bundle'>;
export type LegacySingleDelivery = Parsed<'legacy-single'>;
export type V2MessageDelivery = Parsed<'v2-message'>;
export type V2ChatDelivery = Parsed<'v2-chat'>;
export type V2AccountDelivery = Parsed<'v2-account'>;
export type V2CallDelivery = Parsed<'v2-call'>;

export type Delivery =
	| { kind: 'legacy-bundle'; body: LegacyBundleDelivery }
	| { kind: 'legacy-single'; body: LegacySingleDelivery }
	| { kind: 'v2-message'; body: V2MessageDelivery }
	| { kind: 'v2-chat'; body: V2ChatDelivery }
	| { kind: 'v2-account'; body: V2AccountDelivery }
	| { kind: 'v2-call'; body: V2CallDelivery };
