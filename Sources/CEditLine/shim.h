// libedit's el_set, el_get and history are variadic, which Swift cannot call;
// these fixed-signature wrappers expose the operations the REPL uses.
#include <stdio.h>
#include <histedit.h>

typedef char *(*pleura_prompt_fn)(EditLine *);
typedef unsigned char (*pleura_command_fn)(EditLine *, int);

static inline int pleura_el_set_prompt(EditLine *el, pleura_prompt_fn f) { return el_set(el, EL_PROMPT, f); }
static inline int pleura_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int pleura_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int pleura_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int pleura_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *pleura_el_get_clientdata(EditLine *el) { void *d = NULL; el_get(el, EL_CLIENTDATA, &d); return d; }
static inline int pleura_el_add_function(EditLine *el, const char *name, const char *help, pleura_command_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int pleura_el_bind(EditLine *el, const char *key, const char *fn) { return el_set(el, EL_BIND, key, fn, NULL); }

static inline int pleura_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int pleura_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int pleura_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int pleura_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int pleura_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
/// The n-th most recent entry (0 = newest), or NULL.
static inline const char *pleura_history_get(History *h, int n) {
    HistEvent ev;
    if (history(h, &ev, H_FIRST) != 0) return NULL;
    for (int i = 0; i < n; i++) if (history(h, &ev, H_NEXT) != 0) return NULL;
    return ev.str;
}
