using System.Text;
using System.Text.RegularExpressions;
using Akka.Configuration;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// Loads the node's configuration. Precedence, highest first: environment variables named in the files
/// (a value followed by <c># env VAR</c>), files given with <c>--config</c> (later ones win), then every
/// <c>*.conf</c> of the configuration folder. Environment overrides are declared next to the value they
/// override because Akka's HOCON parser cannot be trusted with <c>${?VAR}</c> inside objects (it drops the
/// key and the keys after it).
/// </summary>
public static partial class HoconFiles
{
    public static Config Load(string folder, IEnumerable<string>? overrides = null, Func<string, string?>? environment = null)
    {
        if (!Directory.Exists(folder)) throw new ConfigurationException($"configuration folder '{folder}' does not exist");
        var folderFiles = Directory.GetFiles(folder, "*.conf").Order(StringComparer.Ordinal).ToArray();
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

    public static Config ParseFile(string file)
    {
        try
        {
            return ConfigurationFactory.ParseString(File.ReadAllText(file));
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
        foreach (var file in files)
        {
            var path = new Stack<string>();
            foreach (var line in File.ReadLines(file))
            {
                var code = CodeOf(line);
                if (EnvDeclaration().Match(line) is { Success: true } env)
                    variables.TryAdd(env.Groups["var"].Value, string.Join('.', path.Reverse().Append(env.Groups["key"].Value)));
                if (ObjectStart().Match(code) is { Success: true } start) path.Push(start.Groups["key"].Value);
                foreach (var _ in code.Where(c => c == '}')) if (path.Count > 0) path.Pop();
            }
        }
        return variables;
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
        var hocon = new StringBuilder();
        foreach (var (variable, path) in EnvironmentVariables(files))
        {
            if (environment(variable) is { } value)
                hocon.Append(path).Append(" = \"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\"\n");
        }
        return hocon.Length == 0 ? null : ConfigurationFactory.ParseString(hocon.ToString());
    }

    [GeneratedRegex(@"^\s*(?<key>[\w.-]+)\s*[=:].*#\s*env\s+(?<var>[A-Z][A-Z0-9_]*)\s*$")]
    private static partial Regex EnvDeclaration();

    [GeneratedRegex(@"^\s*(?<key>[\w.-]+)\s*\{\s*$")]
    private static partial Regex ObjectStart();
}
