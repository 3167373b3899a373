// SPDX-License-Identifier: MIT
/* sim_file.c - read a whole file; see sim_file.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int sim_file_read(const char *path, size_t max, unsigned char **data, size_t *size)
{
	size_t cap = 4096, n = 0;
	unsigned char *p;
	int fd, rc = 0;

	*data = NULL;
	*size = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	p = malloc(cap);
	if (!p) {
		close(fd);
		return ENOMEM;
	}
	for (;;) {
		ssize_t got;

		if (cap - n < 2) {
			unsigned char *bigger;

			if (cap > ((size_t)-1) / 2) {
				rc = EFBIG;
				break;
			}
			bigger = realloc(p, cap * 2);
			if (!bigger) {
				rc = ENOMEM;
				break;
			}
			p = bigger;
			cap *= 2;
		}
		got = read(fd, p + n, cap - n - 1);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = errno;
			break;
		}
		if (!got)
			break;
		n += (size_t)got;
		if (max && n > max) {
			rc = EFBIG;
			break;
		}
	}
	close(fd);
	if (rc) {
		free(p);
		return rc;
	}
	p[n] = '\0';
	*data = p;
	*size = n;
	return 0;
}
