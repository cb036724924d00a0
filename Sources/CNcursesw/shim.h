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
static inline mmask_t CNcursesw_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t CNcursesw_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t CNcursesw_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t CNcursesw_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int CNcursesw_colors(void) { return COLORS; }
static inline int CNcursesw_color_pairs(void) { return COLOR_PAIRS; }
// Swift cannot import the cchar_t-building macros reliably; one call sets a cell's glyph and style.
static inline int CNcursesw_put_cell(WINDOW *window, int y, int x, const wchar_t *text, attr_t attributes, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, (short)(pair > 32767 ? 0 : pair), &pair) != OK) return ERR;
    return mvwadd_wch(window, y, x, &cell);
}
#endif
