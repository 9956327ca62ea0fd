/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * group_pipe.c - the producer/consumer split of group_pipe.h.
 *
 * Groups are deep-copied into batches (up to BATCH_GROUPS groups or about
 * BATCH_BYTES of data) whose memory comes from a list of fixed chunks, so
 * pointers stay valid while a batch fills. N_BATCHES batches circulate
 * between a free queue and a full queue under one mutex. A batch also carries
 * what ended it: more to come, end of input, a restart of the reader (the
 * input was not grouped), or an error; the consumer meets these in order,
 * after the groups read before them.
 */
#include "group_pipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { N_BATCHES = 4, BATCH_GROUPS = 4096 };

/* An array of fields (one per text column), named so sizeof reads plainly. */
typedef const tdm_csv_field *field_array;
#define BATCH_BYTES ((size_t)1 << 20)
#define CHUNK_BYTES ((size_t)1 << 20)

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} chunk;

typedef struct batch {
    tdm_group groups[BATCH_GROUPS];
    size_t n, taken; /* groups filled; groups handed to the consumer */
    size_t bytes;    /* data copied so far */
    chunk *chunks;   /* first chunk is kept when the batch is reused */
    int end;         /* 0 more; 1 end of input; TDM_GROUP_RESTART; < 0 error */
    tdm_error err;
} batch;

struct group_pipe {
    tdm_group_reader *gr;
    size_t n_num, n_text;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch *slots[N_BATCHES];
    batch *full[N_BATCHES], *empty[N_BATCHES]; /* FIFO of full, stack of empty */
    size_t full_head, n_full, n_empty;
    batch *cur; /* consumer: batch being read */
    int stop;   /* consumer asks the producer to stop */
};

/* ---- batch memory ---- */

static void *take(batch *b, size_t size)
{
    chunk *c = b->chunks;
    size = (size + 15) & ~(size_t)15;
    if (c == NULL || c->cap - c->used < size) {
        size_t cap = size > CHUNK_BYTES ? size : CHUNK_BYTES;
        chunk *n = malloc(sizeof *n + cap);
        if (n == NULL) {
            return NULL;
        }
        n->next = c;
        n->used = 0;
        n->cap = cap;
        b->chunks = n;
        c = n;
    }
    b->bytes += size;
    c->used += size;
    return c->data + c->used - size;
}

static void batch_reset(batch *b)
{
    chunk *c = b->chunks;
    while (c != NULL && c->next != NULL) { /* keep one chunk for reuse */
        chunk *next = c->next;
        free(c);
        c = next;
    }
    if (c != NULL) {
        c->used = 0;
    }
    b->chunks = c;
    b->n = b->taken = b->bytes = 0;
    b->end = 0;
    memset(&b->err, 0, sizeof b->err);
}

static void batch_free(batch *b)
{
    chunk *c;
    if (b == NULL) {
        return;
    }
    c = b->chunks;
    while (c != NULL) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(b);
}

/* Copy n fields (views and bytes) into the batch. */
static tdm_csv_field *copy_fields(batch *b, const tdm_csv_field *f, size_t n)
{
    size_t total = 0;
    tdm_csv_field *d = take(b, (n ? n : 1) * sizeof *d);
    char *text;
    for (size_t i = 0; i < n; i++) {
        total += f[i].len;
    }
    text = take(b, total + 1);
    if (d == NULL || text == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        d[i] = f[i];
        d[i].ptr = text;
        if (f[i].len > 0) {
            memcpy(text, f[i].ptr, f[i].len);
        }
        text += f[i].len;
    }
    return d;
}

static void *copy_bytes(batch *b, const void *src, size_t size)
{
    void *d = take(b, size ? size : 1);
    if (d != NULL && size > 0) {
        memcpy(d, src, size);
    }
    return d;
}

/* Deep copy of a group into the batch. @return TDM_OK or TDM_ENOMEM. */
static int copy_group(group_pipe *p, batch *b, const tdm_group *g)
{
    tdm_group *d = &b->groups[b->n];
    const double **num = take(b, (p->n_num + 1) * sizeof *num);
    const tdm_csv_field **text = take(b, (p->n_text + 1) * sizeof(field_array));
    *d = *g;
    d->key = copy_fields(b, g->key, g->n_keys);
    d->line = copy_bytes(b, g->line, g->n * sizeof *g->line);
    d->n_missing = copy_bytes(b, g->n_missing, (p->n_num + 1) * sizeof *g->n_missing);
    d->n_suppressed = copy_bytes(b, g->n_suppressed, (p->n_num + 1) * sizeof *g->n_suppressed);
    if (num == NULL || text == NULL || d->key == NULL || d->line == NULL || d->n_missing == NULL ||
        d->n_suppressed == NULL) {
        return TDM_ENOMEM;
    }
    for (size_t k = 0; k < p->n_num; k++) {
        num[k] = copy_bytes(b, g->num[k], g->n * sizeof *g->num[k]);
        if (num[k] == NULL) {
            return TDM_ENOMEM;
        }
    }
    for (size_t k = 0; k < p->n_text; k++) {
        text[k] = copy_fields(b, g->text[k], g->n);
        if (text[k] == NULL) {
            return TDM_ENOMEM;
        }
    }
    d->num = num;
    d->text = text;
    if (g->record != NULL) {
        tdm_csv_record *r = copy_bytes(b, g->record, sizeof *r);
        if (r == NULL) {
            return TDM_ENOMEM;
        }
        r->fields = copy_fields(b, g->record->fields, g->record->n_fields);
        if (r->fields == NULL) {
            return TDM_ENOMEM;
        }
        d->record = r;
    }
    b->n++;
    return TDM_OK;
}

/* ---- queues ---- */

static batch *wait_empty(group_pipe *p)
{
    batch *b = NULL;
    pthread_mutex_lock(&p->mu);
    while (p->n_empty == 0 && !p->stop) {
        pthread_cond_wait(&p->cv, &p->mu);
    }
    if (!p->stop) {
        b = p->empty[--p->n_empty];
    }
    pthread_mutex_unlock(&p->mu);
    return b;
}

static void publish(group_pipe *p, batch *b)
{
    pthread_mutex_lock(&p->mu);
    p->full[(p->full_head + p->n_full) % N_BATCHES] = b;
    p->n_full++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void *produce(void *arg)
{
    group_pipe *p = arg;
    batch *b = wait_empty(p);
    while (b != NULL) {
        tdm_group g;
        int rc = tdm_group_reader_next(p->gr, &g, &b->err);
        if (rc == 1) {
            rc = copy_group(p, b, &g);
            if (rc != TDM_OK) {
                b->end = rc;
            } else if (b->n < BATCH_GROUPS && b->bytes < BATCH_BYTES) {
                continue;
            }
        } else {
            b->end = rc == 0 ? 1 : rc; /* end, restart or error */
        }
        {
            /* read before publishing: the batch belongs to the consumer after */
            int end = b->end;
            publish(p, b);
            if (end != 0 && end != TDM_GROUP_RESTART) {
                return NULL;
            }
        }
        b = wait_empty(p);
    }
    return NULL;
}

/* ---- consumer ---- */

int group_pipe_start(group_pipe **out, tdm_group_reader *gr, size_t n_num, size_t n_text)
{
    group_pipe *p = calloc(1, sizeof *p);
    *out = NULL;
    if (p == NULL) {
        return TDM_ENOMEM;
    }
    p->gr = gr;
    p->n_num = n_num;
    p->n_text = n_text;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    for (int i = 0; i < N_BATCHES; i++) {
        p->slots[i] = calloc(1, sizeof *p->slots[i]);
        if (p->slots[i] == NULL) {
            group_pipe_free(p);
            return TDM_ENOMEM;
        }
        p->empty[p->n_empty++] = p->slots[i];
    }
    if (pthread_create(&p->thread, NULL, produce, p) != 0) {
        group_pipe_free(p);
        return TDM_ENOMEM;
    }
    p->started = 1;
    *out = p;
    return TDM_OK;
}

/* Give the batch being read back to the producer. */
static void release(group_pipe *p)
{
    if (p->cur == NULL) {
        return;
    }
    batch_reset(p->cur);
    pthread_mutex_lock(&p->mu);
    p->empty[p->n_empty++] = p->cur;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    p->cur = NULL;
}

int group_pipe_next(group_pipe *p, tdm_group *g, tdm_error *err)
{
    for (;;) {
        batch *b = p->cur;
        if (b != NULL && b->taken < b->n) {
            *g = b->groups[b->taken++];
            return 1;
        }
        if (b != NULL && b->end != 0) {
            int end = b->end;
            if (end < 0 && err != NULL) {
                *err = b->err;
            }
            release(p);
            if (end == TDM_GROUP_RESTART) {
                return TDM_GROUP_RESTART;
            }
            return end == 1 ? 0 : end;
        }
        release(p);
        pthread_mutex_lock(&p->mu);
        while (p->n_full == 0) {
            pthread_cond_wait(&p->cv, &p->mu);
        }
        p->cur = p->full[p->full_head];
        p->full_head = (p->full_head + 1) % N_BATCHES;
        p->n_full--;
        pthread_mutex_unlock(&p->mu);
    }
}

void group_pipe_free(group_pipe *p)
{
    if (p == NULL) {
        return;
    }
    if (p->started) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->thread, NULL);
    }
    for (int i = 0; i < N_BATCHES; i++) {
        batch_free(p->slots[i]);
    }
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}
