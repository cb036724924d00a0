#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// ncursesw with the wide-character API, plus shims for macros and C globals that Swift 6
// cannot use directly (stdscr, LINES, COLS, getmaxyx, attribute bit macros).
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
#include <locale.h>

static inline WINDOW *CNcursesw_stdscr(void) { return stdscr; }
static inline void CNcursesw_getmaxyx(WINDOW *window, int *rows, int *columns) {
    int y, x;
    getmaxyx(window, y, x);
    *rows = y;
    *columns = x;
}
static inline attr_t CNcursesw_attr_bold(void) { return A_BOLD; }
static inline attr_t CNcursesw_attr_reverse(void) { return A_REVERSE; }
static inline attr_t CNcursesw_attr_dim(void) { return A_DIM; }
static inline attr_t CNcursesw_attr_underline(void) { return A_UNDERLINE; }
static inline int CNcursesw_key_resize(void) { return KEY_RESIZE; }
#endif
