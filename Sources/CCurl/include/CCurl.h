/*
 * CCurl: one HTTP POST through libcurl, which is loaded when the first request is made.
 *
 * Only `.connect` and `.push` speak HTTP (to a ClickHouse server). Linking libcurl, or Foundation's
 * networking library that wraps it, would load it and the thirty libraries it needs (TLS, Kerberos,
 * LDAP, ...) into every run of the program: some 6 MB of resident memory and their start-up time for
 * every query of a transcript. Loading it on first use costs those runs nothing.
 *
 * curl_easy_setopt is variadic, which Swift cannot call: the whole request is made here, in C.
 */
#ifndef PARLEY_CCURL_H
#define PARLEY_CCURL_H

#include <stddef.h>
#include <stdint.h>

typedef struct ParleyHTTP ParleyHTTP;

/// Why libcurl cannot be used (it is not installed, or lacks a function), or NULL when it can.
/// Loads it the first time it is called, once for the process.
const char *parley_http_unavailable(void);

/// A request's state: its answer, and a flag another thread may set to stop it.
ParleyHTTP *parley_http_new(void);
void parley_http_free(ParleyHTTP *request);

/// POSTs `count` bytes of `body` to `url`, with an `Authorization` header when `authorization` is not
/// NULL. Gives up when no connection is made within `timeout_ms`, or when nothing arrives for that long.
/// Returns libcurl's result code: 0 when the server answered (with any HTTP status).
int parley_http_post(ParleyHTTP *request, const char *url, const char *authorization,
                     const uint8_t *body, size_t count, long timeout_ms);

/// Makes a `parley_http_post` running on another thread return soon (CURLE_ABORTED_BY_CALLBACK, 42).
void parley_http_stop(ParleyHTTP *request);

/// The answer's HTTP status (0 when none came), its body, and libcurl's words for a failure.
long parley_http_status(const ParleyHTTP *request);
const uint8_t *parley_http_body(const ParleyHTTP *request, size_t *count);
const char *parley_http_error(const ParleyHTTP *request);

#endif
