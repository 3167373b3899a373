// SPDX-License-Identifier: MIT
/* simtest.c - see simtest.h. */
#define _POSIX_C_SOURCE 200809L
#include "simtest.h"

#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct st_run R;
static const char *sim;
static char run_out[256], run_err[256];

const char *st_sim(void)
{
	return sim;
}

const char *st_samples(void)
{
	const char *d = getenv("BOOTMEM_SAMPLES") ? getenv("BOOTMEM_SAMPLES") : ST_SAMPLES_DEFAULT;
	struct stat st;

	return stat(d, &st) || !S_ISDIR(st.st_mode) ? NULL : d;
}

int st_setup(const char *dir)
{
	struct stat st;

	sim = getenv("SIM") ? getenv("SIM") : ST_BUILD "/bootmem2-sim";
	if (stat(sim, &st)) {
		printf("SKIP bootmem2-sim (%s not built)\n", sim);
		return 1;
	}
	mkdir("build", 0777);
	mkdir(ST_BUILD, 0777);
	mkdir(dir, 0777);
	snprintf(run_out, sizeof(run_out), ST_BUILD "/simtest-%d.out", (int)getpid());
	snprintf(run_err, sizeof(run_err), ST_BUILD "/simtest-%d.err", (int)getpid());
	return 0;
}

static int vsh(const char *fmt, va_list ap)
{
	char cmd[8192];
	int st;

	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

int st_sh(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsh(fmt, ap);
	va_end(ap);
	return rc;
}

static int vrun(const char *prefix, const char *fmt, va_list ap)
{
	char args[6144];

	vsnprintf(args, sizeof(args), fmt, ap);
	R.status = st_sh("%s%s %s > %s 2> %s", prefix, sim, args, run_out, run_err);
	free(R.out);
	free(R.err);
	R.out = st_slurp(run_out, &R.out_len);
	R.err = st_slurp(run_err, NULL);
	if (!R.out)
		R.out = calloc(1, 1);
	if (!R.err)
		R.err = calloc(1, 1);
	unlink(run_out);
	unlink(run_err);
	return R.status;
}

int st_run(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vrun("", fmt, ap);
	va_end(ap);
	return rc;
}

int st_run_prefixed(const char *prefix, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vrun(prefix, fmt, ap);
	va_end(ap);
	return rc;
}

void st_write(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || (n && fwrite(p, 1, n, f) != n)) {
		fprintf(stderr, "cannot write %s\n", path);
		abort();
	}
	fclose(f);
}

void st_writef(const char *path, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	st_write(path, buf, (size_t)n);
}

char *st_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *b;

	if (!f)
		return NULL;
	b = malloc(cap);
	for (;;) {
		size_t got;

		if (cap - n < 2)
			b = realloc(b, cap *= 2);
		got = fread(b + n, 1, cap - n - 1, f);
		if (!got)
			break;
		n += got;
	}
	fclose(f);
	b[n] = '\0';
	if (len)
		*len = n;
	return b;
}

int st_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

int st_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * strstr() without its ASan interceptor, which measures the whole haystack
 * on every call (quadratic when walking a megabyte drawing tag by tag).
 */
static const char *find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = hay; (p = strchr(p, needle[0])); p++)
		if (!strncmp(p, needle, n))
			return p;
	return NULL;
}

int st_xmllint(const char *path)
{
	if (st_sh("command -v xmllint > /dev/null 2>&1"))
		return -2;
	return st_sh("xmllint --noout '%s'", path);
}

/* ---- reading the drawing ------------------------------------------------------ */

int st_attr(const char *tag, const char *name, char *out, size_t size)
{
	const char *end = strchr(tag, '>');
	char key[64];
	const char *p;
	size_t n;

	snprintf(key, sizeof(key), " %s=\"", name);
	for (p = tag; end && p < end && strncmp(p, key, strlen(key)); p++)
		;
	if (!end || p >= end)
		return -1;
	p += strlen(key);
	n = strcspn(p, "\"");
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

double st_attr_num(const char *tag, const char *name)
{
	char v[64];

	return st_attr(tag, name, v, sizeof(v)) ? -1.0 : strtod(v, NULL);
}

uint64_t st_attr_u64(const char *tag, const char *name)
{
	char v[64];

	return st_attr(tag, name, v, sizeof(v)) ? UINT64_MAX : strtoull(v, NULL, 0);
}

int st_count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = find(p, needle)); p += strlen(needle))
		n++;
	return n;
}

int st_count_attr(const char *hay, const char *prefix, const char *name, const char *value)
{
	char v[256];
	int n = 0;

	for (const char *p = hay; (p = find(p, prefix)); p += strlen(prefix))
		n += !st_attr(p, name, v, sizeof(v)) && !strcmp(v, value);
	return n;
}

struct rep_node {
	uint32_t nid, pxm, blocks;
};

struct rep_block {
	uint32_t nid;
	uint64_t start, end, pages, free;
};

static double absd(double v)
{
	return v < 0 ? -v : v;
}

#define WHY(...) do { snprintf(why, why_size, __VA_ARGS__); goto out; } while (0)

int st_check_svg(const char *svg, const char *report, char *why, size_t why_size)
{
	static struct rep_node node[BOOTMEM_MAX_NODES];
	struct rep_block *blk = calloc(65536, sizeof(*blk));
	const char **lane_at = calloc(BOOTMEM_MAX_NODES + 1, sizeof(*lane_at));
	double *bx = calloc(65536, sizeof(double)), *bw = calloc(65536, sizeof(double));
	uint64_t *resv_pages = calloc(65536, sizeof(uint64_t));
	uint32_t nn = 0, nb = 0, lanes = 0, seen = 0;
	const char *p, *root = find(svg, "<svg ");
	double scale, minw, minr, prev_end = -1;
	int rc = 1;

	if (!blk || !lane_at || !bx || !bw || !resv_pages)
		WHY("out of memory");
	for (p = report; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
		struct rep_node *n = &node[nn];
		struct rep_block *b = &blk[nb];
		unsigned long long s, e, pg, fr;
		size_t len = strcspn(p, "\n");
		char line[256];
		unsigned idx;

		/* one line at a time: sscanf() measures its whole input */
		if (len >= sizeof(line))
			continue;
		memcpy(line, p, len);
		line[len] = '\0';
		if (nn < BOOTMEM_MAX_NODES &&
		    sscanf(line, "node %u pxm=%u blocks=%u ", &n->nid, &n->pxm, &n->blocks) == 3)
			nn++;
		else if (nb < 65536 && sscanf(line, "block %u node=%u start=0x%llx end=0x%llx pages=%llu free_pages=%llu",
				&idx, &b->nid, &s, &e, &pg, &fr) == 6) {
			b->start = s;
			b->end = e;
			b->pages = pg;
			b->free = fr;
			nb++;
		}
	}
	if (!root)
		WHY("no <svg> element");
	scale = st_attr_num(root, "data-px-per-page");
	minw = st_attr_num(root, "data-min-block-width");
	minr = st_attr_num(root, "data-min-resv-width");
	if (!(scale > 0) || !(minw > 0) || !(minr > 0))
		WHY("root element without data-px-per-page / minimum widths");

	/* Lanes: one per node line, in order. */
	for (p = svg; (p = find(p, "<g class=\"lane\"")); p++) {
		if (lanes >= nn)
			WHY("more lanes than the %u node lines", nn);
		if (st_attr_u64(p, "data-nid") != node[lanes].nid ||
		    st_attr_u64(p, "data-pxm") != node[lanes].pxm)
			WHY("lane %u is nid %llu pxm %llu, the report says node %u pxm=%u", lanes,
			    (unsigned long long)st_attr_u64(p, "data-nid"),
			    (unsigned long long)st_attr_u64(p, "data-pxm"), node[lanes].nid,
			    node[lanes].pxm);
		if (st_attr_u64(p, "data-memoryless") != (node[lanes].blocks == 0))
			WHY("lane %u: data-memoryless wrong", lanes);
		lane_at[lanes++] = p;
	}
	if (lanes != nn)
		WHY("%u lanes for %u node lines", lanes, nn);
	lane_at[lanes] = svg + strlen(svg);

	/* Blocks: the report's, in their lane, at the scale. */
	for (p = svg; (p = find(p, "<rect class=\"block\" data-index=")); p++, seen++) {
		uint64_t i = st_attr_u64(p, "data-index");
		double x = st_attr_num(p, "x"), w = st_attr_num(p, "width"), y = st_attr_num(p, "y");
		int widened = (int)st_attr_u64(p, "data-widened");
		const struct rep_block *b;
		uint32_t l = 0;

		if (i >= nb)
			WHY("block index %llu, the report has %u blocks", (unsigned long long)i, nb);
		b = &blk[i];
		if (st_attr_u64(p, "data-nid") != b->nid || st_attr_u64(p, "data-start") != b->start ||
		    st_attr_u64(p, "data-end") != b->end || st_attr_u64(p, "data-pages") != b->pages ||
		    st_attr_u64(p, "data-free") != b->free)
			WHY("block %llu: attributes differ from the report line", (unsigned long long)i);
		while (l < lanes && lane_at[l + 1] < p)
			l++;
		if (l >= lanes || node[l].nid != b->nid)
			WHY("block %llu (node %u) drawn in lane %u", (unsigned long long)i, b->nid, l);
		if (y < st_attr_num(lane_at[l], "data-y") ||
		    y >= st_attr_num(lane_at[l], "data-y") + st_attr_num(lane_at[l], "data-height"))
			WHY("block %llu: y=%g outside its lane", (unsigned long long)i, y);
		if (widened == 0 && absd(w - (double)b->pages * scale) > 0.006 + 1e-6 * w)
			WHY("block %llu: width %g, but %llu pages x %.10g px = %g", (unsigned long long)i,
			    w, (unsigned long long)b->pages, scale, (double)b->pages * scale);
		if (widened == 1 && (w != minw || (double)b->pages * scale >= minw))
			WHY("block %llu: widened to %g, minimum %g, to scale %g", (unsigned long long)i,
			    w, minw, (double)b->pages * scale);
		if (widened != 0 && widened != 1)
			WHY("block %llu: no data-widened", (unsigned long long)i);
		bx[i] = x;
		bw[i] = w;
	}
	if (seen != nb)
		WHY("%u blocks drawn, %u in the report", seen, nb);
	for (uint32_t i = 0; i < nb; i++) {
		if (bx[i] < prev_end - 0.011)
			WHY("block %u starts at x=%g, before the previous block's end %g", i, bx[i], prev_end);
		prev_end = bx[i] + bw[i];
	}

	/* Reserved ranges: inside their block, at the block's scale. */
	for (p = svg; (p = find(p, "<rect class=\"resv\" data-block=")); p++) {
		uint64_t i = st_attr_u64(p, "data-block");
		uint64_t s = st_attr_u64(p, "data-start"), e = st_attr_u64(p, "data-end");
		uint64_t pages = st_attr_u64(p, "data-pages");
		double x = st_attr_num(p, "x"), w = st_attr_num(p, "width");
		int widened = (int)st_attr_u64(p, "data-widened");

		if (i >= nb || s < blk[i].start || e > blk[i].end || s >= e ||
		    pages != (e - s) / 4096)
			WHY("reserved 0x%llx-0x%llx: not inside block %llu", (unsigned long long)s,
			    (unsigned long long)e, (unsigned long long)i);
		if (x < bx[i] - 0.011 || x + w > bx[i] + bw[i] + 0.011)
			WHY("reserved 0x%llx: x %g-%g outside its block %g-%g", (unsigned long long)s,
			    x, x + w, bx[i], bx[i] + bw[i]);
		if (widened == 0 &&
		    absd(w - (double)pages * bw[i] / (double)blk[i].pages) > 0.011 + 1e-6 * w)
			WHY("reserved 0x%llx: width %g, at its block's scale %g", (unsigned long long)s, w,
			    (double)pages * bw[i] / (double)blk[i].pages);
		if (widened == 1 &&
		    (w != minr || (double)pages * bw[i] / (double)blk[i].pages >= minr))
			WHY("reserved 0x%llx: widened to %g", (unsigned long long)s, w);
		resv_pages[i] += pages;
	}
	for (uint32_t i = 0; i < nb; i++)
		if (resv_pages[i] != blk[i].pages - blk[i].free)
			WHY("block %u: %llu reserved pages drawn, %llu in the report", i,
			    (unsigned long long)resv_pages[i],
			    (unsigned long long)(blk[i].pages - blk[i].free));
	rc = 0;
out:
	free(blk);
	free(lane_at);
	free(bx);
	free(bw);
	free(resv_pages);
	return rc;
}
