using System.Text;
using System.Text.RegularExpressions;
using Akka.Configuration;

namespace ActorVision.Cluster.Configuration;

/// <summary>
/// Loads the node's configuration. Precedence, highest first: environment variables named in the files
/// (a value followed by <c># env VAR</c>), files given with <c>--config</c> (later ones win), then every
/// <c>*.conf</c> of the configuration folder except <c>example*.conf</c>. Environment overrides are declared next to the value they
/// override because Akka's HOCON parser cannot be trusted with <c>${?VAR}</c> inside objects (it drops the
/// key and the keys after it).
/// </summary>
public static partial class HoconFiles
{
    public static Config Load(string folder, IEnumerable<string>? overrides = null, Func<string, string?>? environment = null)
    {
        if (!Directory.Exists(folder)) throw new ConfigurationException($"configuration folder '{folder}' does not exist");
        var folderFiles = ConfigurationFiles(folder);
        if (folderFiles.Length == 0) throw new ConfigurationException($"configuration folder '{folder}' holds no *.conf file");
        var extraFiles = (overrides ?? []).ToArray();

        var layers = new List<Config>();
        var fromEnvironment = EnvironmentOverrides(extraFiles.Concat(folderFiles), environment ?? Environment.GetEnvironmentVariable);
        if (fromEnvironment is not null) layers.Add(fromEnvironment);
        layers.AddRange(extraFiles.Reverse().Select(ParseFile));
        layers.AddRange(folderFiles.Select(ParseFile));
        // One fold over the layers: in a fallback chain the first config wins.
        return layers.Skip(1).Aggregate(layers[0], (merged, next) => merged.WithFallback(next));
    }

    /// <summary>The folder's configuration files in load order: every <c>*.conf</c> but the annotated <c>example*.conf</c> (a camera file, say).</summary>
    public static string[] ConfigurationFiles(string folder) => Directory.GetFiles(folder, "*.conf")
        .Where(f => !Path.GetFileName(f).StartsWith("example", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).ToArray();

    public static Config ParseFile(string file)
    {
        var text = File.ReadAllText(file);
        // Akka's parser never returns on some unbalanced brackets: refuse those first.
        if (HoconBrackets.Check(text) is { } unbalanced) throw new ConfigurationException($"{file}: {unbalanced}");
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception ex) when (ex is not FileNotFoundException)
        {
            throw new ConfigurationException($"{file}: {ex.Message}", ex);
        }
    }

    /// <summary>The <c># env VAR</c> declarations of the files, as full HOCON paths.</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentVariables(IEnumerable<string> files)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files) AddDeclarations(File.ReadLines(file), variables);
        return variables;
    }

    /// <summary>
    /// HOCON assignments for the <c># env VAR</c> declarations of one document whose variable is set, to append to it:
    /// the later assignment wins, and substitutions (<c>${key}</c>) in the document see it. Other files that follow the
    /// configuration's convention (the camera file) use this.
    /// </summary>
    public static string EnvironmentOverrides(string document, Func<string, string?> environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        AddDeclarations(document.Split('\n'), variables);
        return Assignments(variables, environment);
    }

    private static void AddDeclarations(IEnumerable<string> lines, Dictionary<string, string> variables)
    {
        var path = new Stack<string>();
        foreach (var line in lines)
        {
            var code = CodeOf(line);
            if (EnvDeclaration().Match(line) is { Success: true } env)
                variables.TryAdd(env.Groups["var"].Value, string.Join('.', path.Reverse().Where(k => k.Length > 0).Append(env.Groups["key"].Value)));
            if (ObjectStart().Match(code) is { Success: true } start) path.Push(start.Groups["key"].Value);
            else foreach (var _ in code.Where(c => c == '{')) path.Push(""); // an object opened and closed on one line: "keys {}"
            foreach (var _ in code.Where(c => c == '}')) if (path.Count > 0) path.Pop();
        }
    }

    /// <summary>The line without its comment and with quoted strings blanked, so a brace or '#' inside a value is not syntax.</summary>
    private static string CodeOf(string line)
    {
        var code = new StringBuilder(line.Length);
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < line.Length) i++;
                else if (c == '"') quoted = false;
                continue;
            }
            if (c == '#' || (c == '/' && i + 1 < line.Length && line[i + 1] == '/')) break;
            if (c == '"') quoted = true;
            code.Append(c);
        }
        return code.ToString();
    }

    private static Config? EnvironmentOverrides(IEnumerable<string> files, Func<string, string?> environment)
    {
        var hocon = Assignments(EnvironmentVariables(files), environment);
        return hocon.Length == 0 ? null : ConfigurationFactory.ParseString(hocon);
    }

    private static string Assignments(IReadOnlyDictionary<string, string> variables, Func<string, string?> environment)
    {
        var hocon = new StringBuilder();
        foreach (var (variable, path) in variables)
        {
            if (environment(variable) is { } value)
                hocon.Append(path).Append(" = \"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\"\n");
        }
        return hocon.ToString();
    }

    [GeneratedRegex(@"^\s*(?<key>[\w.-]+)\s*[=:].*#\s*env\s+(?<var>[A-Z][A-Z0-9_]*)\s*$")]
    private static partial Regex EnvDeclaration();

    [GeneratedRegex(@"^\s*(?<key>[\w.-]+)\s*\{\s*$")]
    private static partial Regex ObjectStart();
}
