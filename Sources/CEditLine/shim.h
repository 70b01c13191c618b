// C shim for using libedit (BSD editline) from Swift.
//
// Why this file exists:
//  * Swift cannot call C variadic functions, and el_set / el_get / history are
//    variadic. Each use LineEditor needs gets a fixed-arity static inline wrapper.
//  * Swift 6 language mode rejects reading Glibc's `stdin`/`stdout`/`stderr`
//    globals ("not concurrency-safe"), so tiny functions hand them out.
//
// Include <histedit.h> (libedit's native API) only. Never <readline/readline.h>:
// on Linux that path is GNU readline's header, not libedit's compat layer.
#ifndef FANOUT_CEDITLINE_SHIM_H
#define FANOUT_CEDITLINE_SHIM_H

#include <stdio.h>
#include <histedit.h>

/// Prompt callback type (el_pfunc_t is not exported by histedit.h).
typedef char *(*fo_prompt_fn)(EditLine *);
/// Editor command callback type (bound to keys via EL_ADDFN + EL_BIND).
typedef unsigned char (*fo_command_fn)(EditLine *, int);

static inline FILE *fo_stdin(void) { return stdin; }
static inline FILE *fo_stdout(void) { return stdout; }
static inline FILE *fo_stderr(void) { return stderr; }

/// POSIX wcwidth(3). glibc declares it only under _XOPEN_SOURCE, which the Glibc
/// module is not built with, so Swift cannot see it; declare it here.
extern int wcwidth(wchar_t c);

// MARK: el_set / el_get

/// EL_PROMPT_ESC: prompt function plus a marker char; text between two markers is
/// sent to the terminal but not counted for cursor positioning (ANSI colors).
static inline int fo_el_set_prompt(EditLine *el, fo_prompt_fn fn, char esc) {
    return el_set(el, EL_PROMPT_ESC, fn, (int)esc);
}
static inline int fo_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int fo_el_set_hist(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int fo_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *fo_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}
static inline int fo_el_addfn(EditLine *el, const char *name, const char *help, fo_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int fo_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, (const char *)NULL);
}
/// EL_SETTY with two words, e.g. ("-d", "-isig"): change a tty flag in edit mode.
static inline int fo_el_setty(EditLine *el, const char *mode, const char *flag) {
    return el_set(el, EL_SETTY, mode, flag, (const char *)NULL);
}
static inline int fo_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}
/// EL_GETCFN: the function libedit reads each character of input with.
static inline int fo_el_set_getcfn(EditLine *el, el_rfunc_t fn) {
    return el_set(el, EL_GETCFN, fn);
}
/// Terminal width in columns as libedit knows it (0 if unknown).
static inline int fo_el_get_columns(EditLine *el) {
    int columns = 0;
    if (el_get(el, EL_GETTC, "co", &columns, (void *)NULL) != 0) return 0;
    return columns;
}

// MARK: history

static inline int fo_history_setsize(History *h, HistEvent *ev, int size) {
    return history(h, ev, H_SETSIZE, size);
}
static inline int fo_history_setunique(History *h, HistEvent *ev, int on) {
    return history(h, ev, H_SETUNIQUE, on);
}
static inline int fo_history_enter(History *h, HistEvent *ev, const char *line) {
    return history(h, ev, H_ENTER, line);
}
static inline int fo_history_load(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_LOAD, path);
}
static inline int fo_history_save_fp(History *h, HistEvent *ev, FILE *fp) {
    return history(h, ev, H_SAVE_FP, fp);
}

#endif
