import CNcursesw
import Glibc
import Synchronization

/// Presents a `CellGrid` on the real terminal through ncursesw and reads keys.
///
/// Owned by one thread (ncurses is not thread-safe). Each `present` writes only the cells that
/// differ from the previous frame, then `wnoutrefresh` + one `doupdate` (none when no cell
/// changed).
public final class NcursesBackend {
    /// Write end of the pipe the SIGWINCH handler writes a byte to (-1: none): a C signal handler
    /// can reach only globals. Makes a resize wake `readKey(timeoutMilliseconds:wakingOn:)`
    /// whichever thread the signal lands on.
    private static let resizeSignal = Atomic<Int32>(-1)
    /// The pipe behind `resizeSignal`; nil when none could be made (resizes are then seen at the
    /// next wake-up, at most a second later).
    private let resizePipe = WakePipe()
    private let window: UnsafeMutablePointer<WINDOW>
    private var previous: CellGrid?
    private var pairs: [PairKey: Int32] = [:]
    private var theme: Theme
    /// The depth colours are drawn in (after detection and what ncurses can do).
    public private(set) var depth: ColorDepth
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private let usesDirectColor: Bool

    private struct PairKey: Hashable {
        var foreground: StyleRole
        var background: StyleRole
    }

    /// Enters curses mode: locale from the environment, cbreak, no echo, keypad, hidden cursor,
    /// 25 ms escape delay, mouse wheel, colours for `theme` at the detected depth.
    /// - Parameter depth: forces a depth (tests, `--color`); nil detects it.
    public init(theme: Theme, depth forcedDepth: ColorDepth? = nil, mouse: Bool = true) throws(TerminalError) {
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
            throw TerminalError(message: "llmdeck's console needs a terminal on stdin and stdout; run it in a terminal")
        }
        setlocale(LC_ALL, "")
        guard initscr() != nil, let window = CNcursesw_stdscr() else {
            throw TerminalError(message: "cannot initialise the terminal (TERM=\(Self.environment["TERM"] ?? "unset"))")
        }
        ScreenSession.begin()
        self.window = window
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        leaveok(window, true)
        set_escdelay(25)
        if mouse {
            let mask = CNcursesw_button1_released() | CNcursesw_button4_pressed() | CNcursesw_button5_pressed()
            mousemask(mmask_t(mask), nil)
            mouseinterval(0)
        }
        var colors: Int?
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(CNcursesw_colors())
        }
        let detected = forcedDepth ?? ColorDepth.detect(environment: Self.environment, terminfoColors: colors ?? 0)
        usesDirectColor = detected == .truecolor && (colors ?? 0) >= 1 << 24
        // Without a direct-colour terminfo entry ncurses can only address palette indices.
        depth = detected == .truecolor && !usesDirectColor ? .ansi256 : detected
        if let colors, depth > .ansi16, colors < 256 { depth = .ansi16 }
        maxPairs = max(0, CNcursesw_color_pairs() - 1)
        self.theme = theme.degraded(to: depth)
        if let resizePipe {
            Self.resizeSignal.store(resizePipe.writeDescriptor, ordering: .sequentiallyConsistent)
            // Replaces ncurses' own handler (which only flags KEY_RESIZE for a later read):
            // `pollResize` applies the new size when the wait ends.
            signal(SIGWINCH) { _ in
                var byte: UInt8 = 1
                _ = write(NcursesBackend.resizeSignal.load(ordering: .sequentiallyConsistent), &byte, 1)
            }
        }
    }

    deinit {
        ScreenSession.restore()
        if resizePipe != nil {
            signal(SIGWINCH, SIG_DFL)
            Self.resizeSignal.store(-1, ordering: .sequentiallyConsistent)
        }
    }

    /// Leaves curses mode; idempotent (see `ScreenSession.restore`).
    public func restore() { ScreenSession.restore() }

    /// Columns and rows of the terminal now.
    public var size: (width: Int, height: Int) {
        var rows: Int32 = 0
        var columns: Int32 = 0
        CNcursesw_getmaxyx(window, &rows, &columns)
        return (Int(columns), Int(rows))
    }

    /// Checks the terminal's real size (`TIOCGWINSZ`) and, when it differs from ncurses' idea of
    /// it, resizes ncurses and forces a full redraw; true when the size changed.
    ///
    /// ncurses only learns of a resize from SIGWINCH, which a multi-threaded process (the
    /// collector, the simulator) does not reliably deliver to its handler; polling between key
    /// waits makes resize live anyway (one ioctl per call).
    public func pollResize() -> Bool {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 else {
            return false
        }
        let current = size
        guard Int(window.ws_col) != current.width || Int(window.ws_row) != current.height else { return false }
        resizeterm(Int32(window.ws_row), Int32(window.ws_col))
        previous = nil
        return true
    }

    /// Rings the terminal bell (ncurses `beep`: BEL where the terminal has one, else a visible
    /// flash); in tmux a bell in a window that is not shown marks that window.
    public func ringBell() { beep() }

    /// Switches theme; the next `present` redraws every cell.
    public func setTheme(_ theme: Theme) {
        self.theme = theme.degraded(to: depth)
        pairs = [:]
        nextPair = 1
        previous = nil
    }

    /// Shows `grid`: only changed cells are written, then one `doupdate`.
    public func present(_ grid: CellGrid) {
        let full = previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full { werase(window) }
        var text: [wchar_t] = Array(repeating: 0, count: 8)
        var written = 0
        // The cells compared in place (no copy of each cell and its character per comparison);
        // a row whose bytes are identical is skipped whole. Equal bytes mean equal cells; unequal
        // bytes (padding, two spellings of one string) only fall back to comparing the cells.
        let old = full ? [] : previous?.cells ?? []
        let stride = MemoryLayout<Cell>.stride
        old.withUnsafeBufferPointer { old in
            grid.cells.withUnsafeBufferPointer { new in
                for row in 0..<grid.height {
                    let start = row * grid.width
                    if start + grid.width <= old.count, let before = old.baseAddress, let now = new.baseAddress,
                        memcmp(before + start, now + start, grid.width * stride) == 0
                    {
                        continue
                    }
                    for column in 0..<grid.width {
                        let index = row * grid.width + column
                        if new[index].isContinuation { continue }
                        if index < old.count, old[index] == new[index] { continue }
                        var count = 0
                        for scalar in new[index].character.unicodeScalars where count < 7 {
                            text[count] = wchar_t(bitPattern: scalar.value)
                            count += 1
                        }
                        text[count] = 0
                        let (attributes, pair) = resolve(new[index].style)
                        _ = CNcursesw_put_cell(window, Int32(row), Int32(column), text, attributes, pair)
                        written += 1
                    }
                }
            }
        }
        previous = grid
        // Nothing changed: the terminal already shows this frame, and no byte needs to be sent.
        guard full || written > 0 else { return }
        wnoutrefresh(window)
        doupdate()
    }

    /// Waits up to `timeoutMilliseconds` for a key on stdin, returning nil early when
    /// `descriptor` becomes readable or the terminal is resized (SIGWINCH): one `poll` instead of
    /// waking on a short key timeout. ncurses' own input buffer is empty here, since callers read
    /// keys with timeout 0 until none is left before waiting again.
    public func readKey(timeoutMilliseconds: Int32, wakingOn descriptor: Int32) -> Key? {
        var watched = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
        ]
        if let resizePipe { watched.append(pollfd(fd: resizePipe.readDescriptor, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&watched, nfds_t(watched.count), timeoutMilliseconds)
        if let resizePipe, watched.count > 2, watched[2].revents != 0 { resizePipe.drain() }
        // A readable stdin, or a hung-up one (POLLHUP/POLLERR): the read says which.
        guard ready > 0, watched[0].revents != 0 else { return nil }
        return readKey(timeoutMilliseconds: 0)
    }

    /// Waits up to `timeoutMilliseconds` (-1 blocks, 0 polls) for a key; nil on timeout.
    public func readKey(timeoutMilliseconds: Int32) -> Key? {
        wtimeout(window, timeoutMilliseconds)
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        guard status != ERR else { return nil }
        var mouse: KeyDecoder.MouseEvent?
        if status == KEY_CODE_YES, Int32(code) == KEY_MOUSE {
            var event = MEVENT()
            if getmouse(&event) == OK {
                mouse = KeyDecoder.MouseEvent(x: Int(event.x), y: Int(event.y), buttonState: UInt(event.bstate))
            }
        }
        let key = KeyDecoder.decode(status: status, code: UInt32(code), mouse: mouse)
        if key == .resize { previous = nil }
        return key
    }

    private func resolve(_ style: Style) -> (attr_t, Int32) {
        var attributes = attr_t(0)
        let extra = theme.attributes(for: style, depth: depth)
        if extra.contains(.bold) { attributes |= CNcursesw_attr_bold() }
        if extra.contains(.dim) { attributes |= CNcursesw_attr_dim() }
        if extra.contains(.reverse) { attributes |= CNcursesw_attr_reverse() }
        if extra.contains(.underline) { attributes |= CNcursesw_attr_underline() }
        guard depth != .monochrome else { return (attributes, 0) }
        return (attributes, pair(for: PairKey(foreground: style.foreground, background: style.background)))
    }

    private func pair(for key: PairKey) -> Int32 {
        if let existing = pairs[key] { return existing }
        guard nextPair <= maxPairs else { return 0 }
        let number = nextPair
        nextPair += 1
        init_extended_pair(number, colorNumber(theme[key.foreground]), colorNumber(theme[key.background]))
        pairs[key] = number
        return number
    }

    private func colorNumber(_ color: Color) -> Int32 {
        switch color {
        case .terminalDefault: return -1
        case .indexed(let index): return Int32(index)
        case .rgb(let red, let green, let blue):
            guard usesDirectColor else { return -1 }
            return Int32(red) << 16 | Int32(green) << 8 | Int32(blue)
        }
    }

    private static var environment: [String: String] {
        var result: [String: String] = [:]
        for name in ["TERM", "COLORTERM", "NO_COLOR"] {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }
}
