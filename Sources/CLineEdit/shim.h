/*
 * CLineEdit: what Swift needs from libedit, as plain functions.
 *
 * Parley uses libedit's native API (<histedit.h>), not its readline emulation
 * (<editline/readline.h>). The emulation hands completion functions the global
 * rl_line_buffer, which libedit does not refresh when its line-conversion buffer
 * grows: after any line of more than 1024 bytes, the next TAB makes libedit write
 * (rl_line_buffer[rl_end] = '\0') and the callback read through a freed pointer
 * (valgrind, libedit 3.1-20221030). The native API gives the TAB handler the
 * EditLine itself, so it asks el_line() for fresh pointers every time.
 *
 * el_set, el_get and history are variadic, which Swift cannot call; each use is
 * wrapped below in a static inline function with a fixed signature. Swift sees no
 * C global variable here, so Swift 6 has no shared mutable C state to refuse.
 *
 * The Ctrl-C handler lives here too: a signal handler should be C that does only
 * lock-free atomic stores, and Swift's Atomic needs macOS 15 while Parley supports 13.
 */
#ifndef PARLEY_CLINEEDIT_SHIM_H
#define PARLEY_CLINEEDIT_SHIM_H

#include <histedit.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* ---- The editor ---- */

/** A prompt function: returns the prompt text for the editor it is given. */
typedef char *(*cle_prompt_function)(EditLine *);
/** An editor command bound to a key: returns one of the CC_* codes. */
typedef unsigned char (*cle_command_function)(EditLine *, int);

/** A new editor on the process's standard input, output and error. */
static inline EditLine *cle_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

/** Sets the prompt function; text between two \1 characters is not counted as width. */
static inline int cle_set_prompt(EditLine *el, cle_prompt_function prompt) {
#ifdef EL_PROMPT_ESC
    return el_set(el, EL_PROMPT_ESC, prompt, '\1');
#else
    return el_set(el, EL_PROMPT, prompt);
#endif
}

/** "emacs" or "vi" key bindings. */
static inline int cle_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/** Lets libedit restore the terminal on signals and redraw after SIGWINCH and SIGCONT. */
static inline int cle_set_signal_handling(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

/** The history that Up and Down walk. */
static inline int cle_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

/** Stores one pointer for callbacks to find (the Swift object that owns the editor). */
static inline int cle_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

/** The pointer stored with cle_set_client_data, or NULL. */
static inline void *cle_client_data(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0)
        return NULL;
    return data;
}

/** Makes a command available to key bindings under `name`. */
static inline int cle_add_function(EditLine *el, const char *name, const char *help,
                                   cle_command_function function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

/** Binds a key sequence (libedit notation: "^I", "\\e[3~") to a command. */
static inline int cle_bind(EditLine *el, const char *keys, const char *command) {
    return el_set(el, EL_BIND, keys, command, (const char *)NULL);
}

/**
 * Redraws the prompt and line from the cursor's row, as if nothing had been drawn yet (after
 * printing below the line). 1 if done; 0 when this libedit lacks EL_REFRESH.
 */
static inline int cle_redraw(EditLine *el) {
#ifdef EL_REFRESH
    el_set(el, EL_REFRESH);
    return 1;
#else
    (void)el;
    return 0;
#endif
}

/** Writes text where the editor writes (standard output) and flushes it. */
static inline void cle_write(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}

/** Writes text to standard error and flushes it. */
static inline void cle_write_error(const char *text) {
    fputs(text, stderr);
    fflush(stderr);
}

/** Clears the end-of-file and error marks of standard input after an interrupted read. */
static inline void cle_clear_input_error(void) {
    clearerr(stdin);
}

/** Columns of the terminal on `fd`, or 0 when unknown. */
static inline int cle_terminal_columns(int fd) {
    struct winsize size;
    memset(&size, 0, sizeof size);
    if (ioctl(fd, TIOCGWINSZ, &size) != 0)
        return 0;
    return (int)size.ws_col;
}

/* ---- History ---- */

/** Keeps at most `limit` entries, dropping the oldest. */
static inline int cle_history_set_size(History *h, int limit) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, limit);
}

/** With `on`, an entry equal to the newest one is not entered again. */
static inline int cle_history_set_unique(History *h, int on) {
    HistEvent event;
    return history(h, &event, H_SETUNIQUE, on);
}

/** Adds an entry as the newest one. */
static inline int cle_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}

/** Reads a libedit history file: the number of entries read, or -1. */
static inline int cle_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

/** Writes the history to a file (libedit's format, mode 0600): entries written, or -1. */
static inline int cle_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

/** The oldest entry, or NULL when the history is empty; moves the history cursor there. */
static inline const char *cle_history_oldest(History *h) {
    HistEvent event;
    if (history(h, &event, H_LAST) != 0)
        return NULL;
    return event.str;
}

/** The entry after the cursor's (one step newer), or NULL at the newest. */
static inline const char *cle_history_newer(History *h) {
    HistEvent event;
    if (history(h, &event, H_PREV) != 0)
        return NULL;
    return event.str;
}

/** The newest entry, or NULL when the history is empty; moves the history cursor there. */
static inline const char *cle_history_newest(History *h) {
    HistEvent event;
    if (history(h, &event, H_FIRST) != 0)
        return NULL;
    return event.str;
}

/* ---- Ctrl-C ---- */

/** Where the SIGINT handler records the signal: the flag cle_interrupt_install was given. */
static inline int **cle_interrupt_target(void) {
    static int *target;
    return &target;
}

/** The SIGINT handler: lock-free atomic operations only, which are async-signal-safe. */
static inline void cle_interrupt_handler(int signo) {
    (void)signo;
    int *flag = __atomic_load_n(cle_interrupt_target(), __ATOMIC_SEQ_CST);
    if (flag != NULL)
        __atomic_store_n(flag, 1, __ATOMIC_SEQ_CST);
}

/**
 * Makes SIGINT set *flag, without SA_RESTART so a blocked read returns EINTR. 0 or -1.
 * The handler and its target are per object file (static inline), but the flag is the caller's
 * memory, so every copy of these functions records into, and reads, the same place.
 */
static inline int cle_interrupt_install(int *flag) {
    struct sigaction action;
    __atomic_store_n(cle_interrupt_target(), flag, __ATOMIC_SEQ_CST);
    memset(&action, 0, sizeof action);
    action.sa_handler = cle_interrupt_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    /* A parent may have started us with SIGINT blocked (test runners do); Ctrl-C must still arrive. */
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    return pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL) == 0 ? 0 : -1;
}

/** An atomic load, so threads polling a flag see the handler's store. */
static inline int cle_atomic_load(const int *flag) {
    return __atomic_load_n(flag, __ATOMIC_SEQ_CST);
}

/** An atomic store. */
static inline void cle_atomic_store(int *flag, int value) {
    __atomic_store_n(flag, value, __ATOMIC_SEQ_CST);
}

#endif
