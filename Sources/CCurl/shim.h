/*
 * CCurl: one HTTP POST through libcurl, which is loaded when the first request is made.
 *
 * Only `.connect` and `.push` speak HTTP (to a ClickHouse server). Linking libcurl, or Foundation's
 * networking library that wraps it, would load it and the thirty libraries it needs (TLS, Kerberos,
 * LDAP, ...) into every run of the program: some 6 MB of resident memory and their start-up time for
 * every query of a transcript. Loading it on first use costs those runs nothing.
 *
 * curl_easy_setopt is variadic, which Swift cannot call: the whole request is made here, in C, in static
 * inline functions (as CLineEdit's are), compiled with the Swift module that imports them. The functions
 * loaded are kept in a static inside a function, so Swift sees no C global.
 */
#ifndef PARLEY_CCURL_SHIM_H
#define PARLEY_CCURL_SHIM_H

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libcurl's numbers, from <curl/curl.h>; they are its ABI and do not change between versions. */
enum {
    PARLEY_CURLOPT_WRITEDATA = 10001, PARLEY_CURLOPT_URL = 10002, PARLEY_CURLOPT_ERRORBUFFER = 10010,
    PARLEY_CURLOPT_POSTFIELDS = 10015, PARLEY_CURLOPT_HTTPHEADER = 10023, PARLEY_CURLOPT_XFERINFODATA = 10057,
    PARLEY_CURLOPT_WRITEFUNCTION = 20011, PARLEY_CURLOPT_XFERINFOFUNCTION = 20219,
    PARLEY_CURLOPT_POSTFIELDSIZE_LARGE = 30120, PARLEY_CURLOPT_LOW_SPEED_LIMIT = 19, PARLEY_CURLOPT_LOW_SPEED_TIME = 20,
    PARLEY_CURLOPT_NOPROGRESS = 43, PARLEY_CURLOPT_POST = 47, PARLEY_CURLOPT_NOSIGNAL = 99,
    PARLEY_CURLOPT_CONNECTTIMEOUT_MS = 156,
    PARLEY_CURLINFO_RESPONSE_CODE = 0x200002,
    PARLEY_CURL_GLOBAL_DEFAULT = 3,
    PARLEY_CURL_ERROR_SIZE = 256,
    PARLEY_CURLE_FAILED_INIT = 2, PARLEY_CURLE_OUT_OF_MEMORY = 27,
};

struct parley_curl_list;

/* The functions of libcurl Parley calls, once loaded, or why they could not be. */
struct parley_curl_functions {
    int (*global_init)(long);
    void *(*easy_init)(void);
    int (*easy_setopt)(void *, int, ...);
    int (*easy_perform)(void *);
    int (*easy_getinfo)(void *, int, ...);
    void (*easy_cleanup)(void *);
    const char *(*easy_strerror)(int);
    struct parley_curl_list *(*slist_append)(struct parley_curl_list *, const char *);
    void (*slist_free_all)(struct parley_curl_list *);
    const char *unavailable;
    char unavailable_text[512];
};

static inline struct parley_curl_functions *parley_curl(void) {
    static struct parley_curl_functions functions = {.unavailable = "libcurl is not loaded"};
    return &functions;
}

static inline void parley_curl_load(void) {
    struct parley_curl_functions *curl = parley_curl();
#if defined(__APPLE__)
    const char *names[] = {"/usr/lib/libcurl.4.dylib", "libcurl.4.dylib", NULL};
#else
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", NULL};
#endif
    /* PARLEY_LIBCURL names the library to load instead, for a libcurl installed elsewhere. */
    const char *chosen = getenv("PARLEY_LIBCURL");
    if (chosen != NULL && chosen[0] != 0) {
        names[0] = chosen;
        names[1] = NULL;
    }
    void *library = NULL;
    for (const char **name = names; *name != NULL && library == NULL; name++) library = dlopen(*name, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(curl->unavailable_text, sizeof curl->unavailable_text,
                 "libcurl, which Parley speaks HTTP with, cannot be loaded (%s); install it (Debian and Ubuntu: "
                 "apt-get install libcurl4), or name it in PARLEY_LIBCURL",
                 why != NULL ? why : names[0]);
        curl->unavailable = curl->unavailable_text;
        return;
    }
    struct { void **slot; const char *name; } wanted[] = {
        {(void **)&curl->global_init, "curl_global_init"}, {(void **)&curl->easy_init, "curl_easy_init"},
        {(void **)&curl->easy_setopt, "curl_easy_setopt"}, {(void **)&curl->easy_perform, "curl_easy_perform"},
        {(void **)&curl->easy_getinfo, "curl_easy_getinfo"}, {(void **)&curl->easy_cleanup, "curl_easy_cleanup"},
        {(void **)&curl->easy_strerror, "curl_easy_strerror"}, {(void **)&curl->slist_append, "curl_slist_append"},
        {(void **)&curl->slist_free_all, "curl_slist_free_all"},
    };
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        *wanted[i].slot = dlsym(library, wanted[i].name);
        if (*wanted[i].slot == NULL) {
            snprintf(curl->unavailable_text, sizeof curl->unavailable_text, "the libcurl found has no function %s", wanted[i].name);
            curl->unavailable = curl->unavailable_text;
            return;
        }
    }
    if (curl->global_init(PARLEY_CURL_GLOBAL_DEFAULT) != 0) {
        curl->unavailable = "libcurl could not be initialised";
        return;
    }
    curl->unavailable = NULL;
}

/// Why libcurl cannot be used (it is not installed, or lacks a function), or NULL when it can. Loads it
/// the first time it is called, once for the process.
static inline const char *parley_http_unavailable(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, parley_curl_load);
    return parley_curl()->unavailable;
}

/// A request's state: its answer, and a flag another thread may set to stop it.
typedef struct ParleyHTTP {
    atomic_int stop;
    long status;
    uint8_t *body;
    size_t count, capacity;
    char error[2 * PARLEY_CURL_ERROR_SIZE];  /* libcurl writes at most PARLEY_CURL_ERROR_SIZE; why it cannot be loaded may take more */
} ParleyHTTP;

static inline ParleyHTTP *parley_http_new(void) {
    ParleyHTTP *request = calloc(1, sizeof *request);
    if (request != NULL) atomic_init(&request->stop, 0);
    return request;
}

static inline void parley_http_free(ParleyHTTP *request) {
    if (request == NULL) return;
    free(request->body);
    free(request);
}

/// Makes a `parley_http_post` running on another thread return soon (CURLE_ABORTED_BY_CALLBACK, 42).
static inline void parley_http_stop(ParleyHTTP *request) { atomic_store(&request->stop, 1); }

/// The answer's HTTP status (0 when none came), its body, and libcurl's words for a failure.
static inline long parley_http_status(const ParleyHTTP *request) { return request->status; }

static inline const uint8_t *parley_http_body(const ParleyHTTP *request, size_t *count) {
    *count = request->count;
    return request->body;
}

static inline const char *parley_http_error(const ParleyHTTP *request) { return request->error; }

/* Keeps what arrives; a 0 (fewer bytes than given) makes libcurl stop with CURLE_WRITE_ERROR. */
static inline size_t parley_http_receive(char *bytes, size_t size, size_t items, void *context) {
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

/* Called by libcurl while a request runs (at least once a second): nonzero stops it. */
static inline int parley_http_progress(void *context, int64_t download_total, int64_t downloaded, int64_t upload_total, int64_t uploaded) {
    (void)download_total, (void)downloaded, (void)upload_total, (void)uploaded;
    return atomic_load(&((ParleyHTTP *)context)->stop);
}

/// POSTs `count` bytes of `body` to `url`, with an `Authorization` header when `authorization` is not
/// NULL. Gives up when no connection is made within `timeout_ms`, or when nothing arrives for that long.
/// Returns libcurl's result code: 0 when the server answered (with any HTTP status).
static inline int parley_http_post(ParleyHTTP *request, const char *url, const char *authorization,
                                   const uint8_t *body, size_t count, long timeout_ms) {
    request->status = 0;
    request->count = 0;
    request->error[0] = 0;
    const char *why = parley_http_unavailable();
    if (why != NULL) {
        snprintf(request->error, sizeof request->error, "%s", why);
        return PARLEY_CURLE_FAILED_INIT;
    }
    struct parley_curl_functions *curl = parley_curl();
    void *handle = curl->easy_init();
    if (handle == NULL) {
        snprintf(request->error, sizeof request->error, "libcurl could not start a request");
        return PARLEY_CURLE_FAILED_INIT;
    }
    /* No `Expect: 100-continue` before a large body; the statement is text, not a form. */
    struct parley_curl_list *headers = curl->slist_append(NULL, "Expect:");
    if (headers != NULL) headers = curl->slist_append(headers, "Content-Type: text/plain; charset=utf-8");
    char *line = NULL;
    if (authorization != NULL && headers != NULL) {
        size_t length = strlen("Authorization: ") + strlen(authorization) + 1;
        line = malloc(length);
        if (line != NULL) {
            snprintf(line, length, "Authorization: %s", authorization);
            headers = curl->slist_append(headers, line);
        }
    }
    int result;
    if (headers == NULL || (authorization != NULL && line == NULL)) {
        result = PARLEY_CURLE_OUT_OF_MEMORY;
    } else {
        long seconds = timeout_ms / 1000 > 0 ? timeout_ms / 1000 : 1;
        curl->easy_setopt(handle, PARLEY_CURLOPT_URL, url);
        curl->easy_setopt(handle, PARLEY_CURLOPT_POST, 1L);
        curl->easy_setopt(handle, PARLEY_CURLOPT_POSTFIELDS, (const void *)body);
        curl->easy_setopt(handle, PARLEY_CURLOPT_POSTFIELDSIZE_LARGE, (int64_t)count);
        curl->easy_setopt(handle, PARLEY_CURLOPT_HTTPHEADER, headers);
        curl->easy_setopt(handle, PARLEY_CURLOPT_WRITEFUNCTION, parley_http_receive);
        curl->easy_setopt(handle, PARLEY_CURLOPT_WRITEDATA, (void *)request);
        curl->easy_setopt(handle, PARLEY_CURLOPT_NOPROGRESS, 0L);
        curl->easy_setopt(handle, PARLEY_CURLOPT_XFERINFOFUNCTION, parley_http_progress);
        curl->easy_setopt(handle, PARLEY_CURLOPT_XFERINFODATA, (void *)request);
        curl->easy_setopt(handle, PARLEY_CURLOPT_ERRORBUFFER, request->error);
        curl->easy_setopt(handle, PARLEY_CURLOPT_NOSIGNAL, 1L);
        curl->easy_setopt(handle, PARLEY_CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
        /* An idle limit, not a total: a statement may run long before its answer comes. */
        curl->easy_setopt(handle, PARLEY_CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl->easy_setopt(handle, PARLEY_CURLOPT_LOW_SPEED_TIME, seconds);
        result = curl->easy_perform(handle);
        if (result == 0) curl->easy_getinfo(handle, PARLEY_CURLINFO_RESPONSE_CODE, &request->status);
    }
    if (result != 0 && request->error[0] == 0) snprintf(request->error, sizeof request->error, "%s", curl->easy_strerror(result));
    curl->easy_cleanup(handle);
    curl->slist_free_all(headers);
    free(line);
    return result;
}

#endif
