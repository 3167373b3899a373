/* SPDX-License-Identifier: MIT */
/*
 * fuzz_input.h - read fuzzer input as a stream of little-endian fields;
 * past the end every byte reads as 0, so any input decodes to something.
 */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct in {
	const uint8_t *p;
	size_t n;
};

/* Take the next @bytes bytes (1..8) as a little-endian value. */
static inline uint64_t take(struct in *in, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++) {
		v |= (uint64_t)(in->n ? *in->p : 0) << (8 * i);
		if (in->n) {
			in->p++;
			in->n--;
		}
	}
	return v;
}

#endif /* FUZZ_INPUT_H */
