/* SPDX-License-Identifier: MIT */
/*
 * sim_file.h - read a whole file for the host tools (ACPI tables, memory
 * map dumps, sysfs attributes), with an optional size limit.
 *
 * Hosted C11 (tools/ only).
 */
#ifndef TOOLS_SIM_FILE_H
#define TOOLS_SIM_FILE_H

#include <stddef.h>

/**
 * sim_file_read() - read @path completely into a malloc'ed buffer.
 * @path: file name
 * @max:  largest size accepted in bytes (0: no limit)
 * @data: receives the bytes (free() them); NULL on error
 * @size: receives the byte count
 *
 * Reads until end of file (sysfs files have no meaningful size). A NUL is
 * appended after the data (not counted), so text files can be parsed as
 * strings.
 *
 * Return: 0, an errno value (ENOENT, EACCES, EISDIR, EIO, ENOMEM...) or
 * EFBIG when the file is longer than @max.
 */
int sim_file_read(const char *path, size_t max, unsigned char **data, size_t *size);

#endif /* TOOLS_SIM_FILE_H */
