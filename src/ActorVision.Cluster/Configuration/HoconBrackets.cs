namespace ActorVision.Cluster.Configuration;

/// <summary>
/// Checks that a HOCON document's braces and brackets pair up before Akka's parser sees it: Akka's HOCON parser
/// never returns on some unbalanced input (<c>a = [ }</c> spins forever, allocating), so a typo in a file an operator
/// edits must be caught here. Strings (quoted, triple-quoted) and comments (<c>#</c>, <c>//</c>) are skipped;
/// <c>${...}</c> substitutions pair like objects.
/// </summary>
public static class HoconBrackets
{
    /// <returns>Null when every bracket pairs up, otherwise the first problem with its line and column.</returns>
    public static string? Check(string text)
    {
        var open = new Stack<(char Bracket, int Line, int Column)>();
        int line = 1, lineStart = 0, i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = ++i;
                continue;
            }
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            if (c == '"')
            {
                var (end, lines, lastNewline) = SkipString(text, i);
                if (end < 0) return $"line {line}, column {i - lineStart + 1}: a string is not closed";
                if (lines > 0)
                {
                    line += lines;
                    lineStart = lastNewline + 1;
                }
                i = end;
                continue;
            }
            switch (c)
            {
                case '{' or '[':
                    open.Push((c, line, i - lineStart + 1));
                    break;
                case '}' or ']':
                    var expected = c == '}' ? '{' : '[';
                    if (open.Count == 0) return $"line {line}, column {i - lineStart + 1}: '{c}' closes nothing";
                    var top = open.Pop();
                    if (top.Bracket != expected)
                        return $"line {line}, column {i - lineStart + 1}: '{c}' closes the '{top.Bracket}' of line {top.Line}, column {top.Column}";
                    break;
            }
            i++;
        }
        if (open.Count > 0)
        {
            var (bracket, l, col) = open.Peek();
            return $"line {l}, column {col}: '{bracket}' is never closed";
        }
        return null;
    }

    /// <returns>The index after the string's closing quote (-1 when unclosed), the newlines inside it and where the last one is.</returns>
    private static (int End, int Lines, int LastNewline) SkipString(string text, int start)
    {
        int lines = 0, lastNewline = -1;
        if (string.CompareOrdinal(text, start, "\"\"\"", 0, 3) == 0)
        {
            var close = text.IndexOf("\"\"\"", start + 3, StringComparison.Ordinal);
            if (close < 0) return (-1, 0, -1);
            var end = close + 3;
            while (end < text.Length && text[end] == '"') end++; // """a"""" ends at the last quote
            for (var k = start; k < end; k++)
            {
                if (text[k] != '\n') continue;
                lines++;
                lastNewline = k;
            }
            return (end, lines, lastNewline);
        }
        for (var k = start + 1; k < text.Length; k++)
        {
            switch (text[k])
            {
                case '\\':
                    k++;
                    break;
                case '"':
                    return (k + 1, 0, -1);
                case '\n':
                    return (-1, 0, -1); // quoted strings end on their line
            }
        }
        return (-1, 0, -1);
    }
}
