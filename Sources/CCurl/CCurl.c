#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libcurl's numbers, from <curl/curl.h>; they are its ABI and do not change between versions. */
enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_POSTFIELDS = 10015,
    OPT_HTTPHEADER = 10023, OPT_XFERINFODATA = 10057, OPT_WRITEFUNCTION = 20011, OPT_XFERINFOFUNCTION = 20219,
    OPT_POSTFIELDSIZE_LARGE = 30120, OPT_NOPROGRESS = 43, OPT_POST = 47, OPT_LOW_SPEED_LIMIT = 19,
    OPT_LOW_SPEED_TIME = 20, OPT_NOSIGNAL = 99, OPT_CONNECTTIMEOUT_MS = 156,
    INFO_RESPONSE_CODE = 0x200002,
    GLOBAL_DEFAULT = 3,
    ERROR_SIZE = 256,
    E_FAILED_INIT = 2, E_OUT_OF_MEMORY = 27,
};

typedef void CURL;
struct slist;

static struct {
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
    struct slist *(*slist_append)(struct slist *, const char *);
    void (*slist_free_all)(struct slist *);
} curl;

static const char *unavailable = "not loaded";
static char unavailable_text[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
#if defined(__APPLE__)
    static const char *names[] = {"/usr/lib/libcurl.4.dylib", "libcurl.4.dylib", NULL};
#else
    static const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", NULL};
#endif
    void *library = NULL;
    for (const char **name = names; *name != NULL && library == NULL; name++) library = dlopen(*name, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(unavailable_text, sizeof unavailable_text, "libcurl, which Parley speaks HTTP with, cannot be loaded (%s); install it (Debian and Ubuntu: apt-get install libcurl4)",
                 why != NULL ? why : names[0]);
        unavailable = unavailable_text;
        return;
    }
#define FIND(field, symbol)                                                                                   \
    *(void **)&curl.field = dlsym(library, symbol);                                                          \
    if (curl.field == NULL) {                                                                                \
        snprintf(unavailable_text, sizeof unavailable_text, "the libcurl found has no function %s", symbol); \
        unavailable = unavailable_text;                                                                      \
        return;                                                                                              \
    }
    FIND(global_init, "curl_global_init")
    FIND(easy_init, "curl_easy_init")
    FIND(easy_setopt, "curl_easy_setopt")
    FIND(easy_perform, "curl_easy_perform")
    FIND(easy_getinfo, "curl_easy_getinfo")
    FIND(easy_cleanup, "curl_easy_cleanup")
    FIND(easy_strerror, "curl_easy_strerror")
    FIND(slist_append, "curl_slist_append")
    FIND(slist_free_all, "curl_slist_free_all")
#undef FIND
    if (curl.global_init(GLOBAL_DEFAULT) != 0) {
        unavailable = "libcurl could not be initialised";
        return;
    }
    unavailable = NULL;
}

const char *parley_http_unavailable(void) {
    pthread_once(&load_once, load);
    return unavailable;
}

struct ParleyHTTP {
    atomic_int stop;
    long status;
    uint8_t *body;
    size_t count, capacity;
    char error[ERROR_SIZE];
};

ParleyHTTP *parley_http_new(void) {
    ParleyHTTP *request = calloc(1, sizeof *request);
    if (request != NULL) atomic_init(&request->stop, 0);
    return request;
}

void parley_http_free(ParleyHTTP *request) {
    if (request == NULL) return;
    free(request->body);
    free(request);
}

void parley_http_stop(ParleyHTTP *request) { atomic_store(&request->stop, 1); }

long parley_http_status(const ParleyHTTP *request) { return request->status; }

const uint8_t *parley_http_body(const ParleyHTTP *request, size_t *count) {
    *count = request->count;
    return request->body;
}

const char *parley_http_error(const ParleyHTTP *request) { return request->error; }

/* Keeps what arrives; a 0 (fewer bytes than given) makes libcurl stop with CURLE_WRITE_ERROR. */
static size_t receive(char *bytes, size_t size, size_t items, void *context) {
    ParleyHTTP *request = context;
    size_t count = size * items;
    if (request->count + count > request->capacity) {
        size_t capacity = request->capacity == 0 ? 16384 : request->capacity;
        while (capacity < request->count + count) capacity *= 2;
        uint8_t *grown = realloc(request->body, capacity);
        if (grown == NULL) return 0;
        request->body = grown;
        request->capacity = capacity;
    }
    memcpy(request->body + request->count, bytes, count);
    request->count += count;
    return count;
}

/* Called by libcurl while the request runs (at least once a second): nonzero stops it. */
static int progress(void *context, int64_t download_total, int64_t downloaded, int64_t upload_total, int64_t uploaded) {
    (void)download_total, (void)downloaded, (void)upload_total, (void)uploaded;
    return atomic_load(&((ParleyHTTP *)context)->stop);
}

int parley_http_post(ParleyHTTP *request, const char *url, const char *authorization,
                     const uint8_t *body, size_t count, long timeout_ms) {
    request->status = 0;
    request->count = 0;
    request->error[0] = 0;
    const char *why = parley_http_unavailable();
    if (why != NULL) {
        snprintf(request->error, sizeof request->error, "%s", why);
        return E_FAILED_INIT;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(request->error, sizeof request->error, "libcurl could not start a request");
        return E_FAILED_INIT;
    }
    struct slist *headers = NULL;
    /* No `Expect: 100-continue` before a large body; the statement is text, not a form. */
    headers = curl.slist_append(headers, "Expect:");
    headers = curl.slist_append(headers, "Content-Type: text/plain; charset=utf-8");
    char *line = NULL;
    if (authorization != NULL && headers != NULL) {
        size_t length = strlen("Authorization: ") + strlen(authorization) + 1;
        line = malloc(length);
        if (line != NULL) {
            snprintf(line, length, "Authorization: %s", authorization);
            headers = curl.slist_append(headers, line);
        }
    }
    int result;
    if (headers == NULL || (authorization != NULL && line == NULL)) {
        result = E_OUT_OF_MEMORY;
    } else {
        long seconds = timeout_ms / 1000 > 0 ? timeout_ms / 1000 : 1;
        curl.easy_setopt(handle, OPT_URL, url);
        curl.easy_setopt(handle, OPT_POST, 1L);
        curl.easy_setopt(handle, OPT_POSTFIELDS, (const void *)body);
        curl.easy_setopt(handle, OPT_POSTFIELDSIZE_LARGE, (int64_t)count);
        curl.easy_setopt(handle, OPT_HTTPHEADER, headers);
        curl.easy_setopt(handle, OPT_WRITEFUNCTION, receive);
        curl.easy_setopt(handle, OPT_WRITEDATA, (void *)request);
        curl.easy_setopt(handle, OPT_NOPROGRESS, 0L);
        curl.easy_setopt(handle, OPT_XFERINFOFUNCTION, progress);
        curl.easy_setopt(handle, OPT_XFERINFODATA, (void *)request);
        curl.easy_setopt(handle, OPT_ERRORBUFFER, request->error);
        curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
        curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, timeout_ms);
        /* An idle limit, not a total: a statement may run long while its answer comes. */
        curl.easy_setopt(handle, OPT_LOW_SPEED_LIMIT, 1L);
        curl.easy_setopt(handle, OPT_LOW_SPEED_TIME, seconds);
        result = curl.easy_perform(handle);
        if (result == 0) curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &request->status);
    }
    if (result != 0 && request->error[0] == 0) snprintf(request->error, sizeof request->error, "%s", curl.easy_strerror(result));
    curl.easy_cleanup(handle);
    curl.slist_free_all(headers);
    free(line);
    return result;
}
