import { z } from 'zod';

/**
 * A protocol shape as real deliveries send it: every field may be missing or null, strings may come as
 * numbers and numbers as numeric strings (`chat_id` is a string in one generation, an integer in the
 * other). Enums and booleans stay strict: a wrong value there is a delivery we cannot interpret.
 */
export type Lenient<T> = T extends Array<infer E>
	? Array<Lenient<E>>
	: T extends object
		? { [K in keyof T]?: Lenient<T[K]> | null }
		: T;

export function lenient<S extends z.ZodTypeAny>(schema: S): z.ZodType<Lenient<z.infer<S>>, z.ZodTypeDef, unknown> {
	return loosen(schema) as z.ZodType<Lenient<z.infer<S>>, z.ZodTypeDef, unknown>;
}

function loosen(schema: z.ZodTypeAny): z.ZodTypeAny {
	if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return loosen(schema.unwrap());
	if (schema instanceof z.ZodObject) {
		const shape = schema.shape as Record<string, z.ZodTypeAny>;
		const loose = z.object(
			Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, loosen(field).nullish()])),
		);
		// Shapes the spec leaves open (call events) keep their unknown fields.
		return schema._def.unknownKeys === 'passthrough' ? loose.passthrough() : loose;
	}
	if (schema instanceof z.ZodArray) return z.array(loosen(schema.element));
	if (schema instanceof z.ZodString) return z.union([z.string(), z.number().transform(String)]);
	if (schema instanceof z.ZodNumber) {
		return z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
	}
	return schema;
}
