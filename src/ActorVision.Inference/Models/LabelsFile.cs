using System.Globalization;

namespace ActorVision.Inference.Models;

/// <summary>
/// Class names from a labels file, one class per line, in either of the two common forms: a name per line (its id
/// is the line's index), or "&lt;id&gt; &lt;name&gt;" (TensorFlow/Coral label maps, where ids may have gaps, e.g.
/// COCO's 80 classes under ids 0-89). Gaps become empty names. Blank lines are skipped in the second form only.
/// </summary>
public static class LabelsFile
{
    /// <summary>A bound on ids, so a stray number cannot make a huge table.</summary>
    public const int MaxClassId = 65_535;

    public static string[] Read(string path) => Parse(File.ReadAllLines(path), path);

    public static string[] Parse(IReadOnlyList<string> lines, string source = "labels")
    {
        var numbered = lines.Where(l => l.Trim().Length > 0).Select(Numbered).ToList();
        if (numbered.Count == 0) throw new FormatException($"{source} lists no class");
        if (numbered.All(n => n is null)) return lines.Select(l => l.Trim()).ToArray();
        if (numbered.Any(n => n is null))
            throw new FormatException($"{source} mixes \"<id> <name>\" lines with bare names; use one form");
        var names = new string[numbered.Max(n => n!.Value.Id) + 1];
        Array.Fill(names, "");
        foreach (var (id, name) in numbered.Select(n => n!.Value))
        {
            if (names[id].Length > 0) throw new FormatException($"{source} names class id {id} twice ('{names[id]}' and '{name}')");
            names[id] = name;
        }
        return names;
    }

    private static (int Id, string Name)? Numbered(string line)
    {
        var text = line.Trim();
        var end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        if (end == 0 || end == text.Length || !char.IsWhiteSpace(text[end])) return null;
        if (!int.TryParse(text.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id > MaxClassId) return null;
        var name = text[end..].Trim();
        return name.Length == 0 ? null : (id, name);
    }
}
