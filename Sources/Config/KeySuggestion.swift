/// The allowed key closest to a misspelt one, for "did you mean" hints; `nil` when none is
/// close (edit distance above 2, or above a third of the word's length for short words).
func closestKey(to word: String, among candidates: [String]) -> String? {
    let lowered = word.lowercased()
    let scored = candidates.map { (candidate: $0, distance: editDistance(lowered, $0.lowercased())) }
    guard let best = scored.min(by: { $0.distance < $1.distance }) else {
        return nil
    }
    let limit = min(2, max(1, word.count / 3))
    return best.distance <= limit ? best.candidate : nil
}

/// Levenshtein distance (insertions, deletions, substitutions) between two words.
func editDistance(_ a: String, _ b: String) -> Int {
    let left = Array(a)
    let right = Array(b)
    if left.isEmpty {
        return right.count
    }
    var previous = Array(0...right.count)
    var current = previous
    for i in 1...left.count {
        current[0] = i
        for j in stride(from: 1, through: right.count, by: 1) {
            let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[right.count]
}
