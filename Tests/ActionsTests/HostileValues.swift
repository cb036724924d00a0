/// Values an operator, a label or an attacker might put in a reason or a version.
let hostileValues: [String] = [
    "plain",
    "",
    "he said \"roll back\" \\ now",
    "line one\nline two\r\n\ttabbed",
    "\"}, \"admin\": true, \"x\": {\"",
    "\"}",
    "separator\u{2028}paragraph\u{2029}end",
    "$(rm -rf /) `id` ; echo pwned | cat && true",
    "nul\u{0}bell\u{7}escape\u{1b}[2J del\u{7f}",
    "/path?query=1&other=2#fragment with spaces %41+plus",
    "日本語 and emoji 👩‍💻 and é (e\u{301})",
    "{{reason}} {{target_version}}",
]
