/* SPDX-License-Identifier: GPL-3.0-or-later */
/* out.c - temporary-file-then-rename output (see out.h). */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tandem.h"

static int fail(const char *cmd, const char *what, const char *path, int e)
{
    fprintf(stderr, "tandem %s: %s %s: %s\n", cmd, what, path ? path : "standard output",
            strerror(e));
    return 3;
}

static int spool_fd(void)
{
    const char *dir = getenv("TMPDIR");
    char tmpl[4096];
    int fd;
    if (dir == NULL || dir[0] == '\0') {
        dir = "/tmp";
    }
    if (snprintf(tmpl, sizeof tmpl, "%s/tandem-out.XXXXXX", dir) >= (int)sizeof tmpl) {
        errno = ENAMETOOLONG;
        return -1;
    }
    fd = mkstemp(tmpl);
    if (fd >= 0) {
        (void)unlink(tmpl); /* anonymous: gone when closed, even on a crash */
    }
    return fd;
}

int cli_out_open(cli_out *o, const char *cmd, const char *path)
{
    struct stat st;
    memset(o, 0, sizeof *o);
    o->fd = -1;
    if (path == NULL || strcmp(path, "-") == 0) {
        o->to_stdout = 1;
        o->fd = spool_fd();
        return o->fd < 0 ? fail(cmd, "cannot create a temporary file for", NULL, errno) : 0;
    }
    o->path = strdup(path);
    if (o->path == NULL) {
        return fail(cmd, "cannot write", path, ENOMEM);
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device or FIFO: never replace it with a file. */
        o->direct = 1;
        o->fd = open(path, O_WRONLY | O_CLOEXEC);
        return o->fd < 0 ? fail(cmd, "cannot write", path, errno) : 0;
    }
    {
        size_t len = strlen(path) + sizeof ".tmp.XXXXXX";
        o->tmp_path = malloc(len);
        if (o->tmp_path == NULL) {
            return fail(cmd, "cannot write", path, ENOMEM);
        }
        snprintf(o->tmp_path, len, "%s.tmp.XXXXXX", path);
        o->fd = mkstemp(o->tmp_path);
        if (o->fd < 0) {
            int e = errno;
            free(o->tmp_path);
            o->tmp_path = NULL;
            return fail(cmd, "cannot write", path, e);
        }
        /* mkstemp creates 0600; give the file the usual permissions. */
        {
            mode_t mask = umask(0);
            (void)umask(mask);
            (void)fchmod(o->fd, 0666 & ~mask); /* best effort: 0600 is still usable */
        }
    }
    return 0;
}

int cli_out_write(void *ctx, const void *buf, size_t len)
{
    cli_out *o = ctx;
    const char *p = buf;
    while (len > 0) {
        ssize_t w = write(o->fd, p, len);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (o->failed_errno == 0) {
                o->failed_errno = errno;
            }
            return TDM_EIO;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int cli_out_reset(cli_out *o, const char *cmd)
{
    if (o->direct) {
        fprintf(stderr,
                "tandem %s: cannot restart output written directly to %s; "
                "group the input rows by series or write to a regular file\n",
                cmd, o->path);
        return 3;
    }
    if (ftruncate(o->fd, 0) != 0 || lseek(o->fd, 0, SEEK_SET) != 0) {
        return fail(cmd, "cannot rewind output for", o->path, errno);
    }
    return 0;
}

static int copy_spool(cli_out *o, const char *cmd)
{
    char buf[1 << 16];
    if (lseek(o->fd, 0, SEEK_SET) != 0) {
        return fail(cmd, "cannot read back", NULL, errno);
    }
    for (;;) {
        ssize_t got = read(o->fd, buf, sizeof buf);
        size_t off = 0;
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return fail(cmd, "cannot read back", NULL, errno);
        }
        if (got == 0) {
            return 0;
        }
        while (off < (size_t)got) {
            ssize_t w = write(STDOUT_FILENO, buf + off, (size_t)got - off);
            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w < 0) {
                return fail(cmd, "cannot write", NULL, errno);
            }
            off += (size_t)w;
        }
    }
}

int cli_out_commit(cli_out *o, const char *cmd)
{
    int rc = 0;
    if (o->failed_errno != 0) {
        rc = fail(cmd, "cannot write", o->path, o->failed_errno);
    } else if (o->to_stdout) {
        rc = copy_spool(o, cmd);
    }
    if (o->fd >= 0 && close(o->fd) != 0 && rc == 0 && !o->to_stdout) {
        rc = fail(cmd, "cannot write", o->path, errno);
    }
    o->fd = -1;
    if (rc == 0 && o->tmp_path != NULL) {
        if (rename(o->tmp_path, o->path) != 0) {
            rc = fail(cmd, "cannot write", o->path, errno);
        } else {
            free(o->tmp_path);
            o->tmp_path = NULL;
        }
    }
    cli_out_abort(o);
    return rc;
}

void cli_out_abort(cli_out *o)
{
    if (o->fd >= 0) {
        (void)close(o->fd); /* discarding: nothing to report */
        o->fd = -1;
    }
    if (o->tmp_path != NULL) {
        (void)unlink(o->tmp_path); /* may already be gone */
        free(o->tmp_path);
        o->tmp_path = NULL;
    }
    free(o->path);
    o->path = NULL;
}
