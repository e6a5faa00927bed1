using System.Text.RegularExpressions;
using ActorVision.Cluster.Hosting;
using ActorVision.Tests;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using ActorVision.Cluster.Configuration;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// Reads what deploy/ files promise about the image and the configuration: YAML documents as plain maps and lists
/// (merge keys resolved), the Dockerfile's exposed ports, build arguments and environment, and the environment
/// variables hocon/ declares.
/// </summary>
public static partial class DeploymentFiles
{
    public static string Deploy => Path.Combine(TestAssets.RepoRoot, "deploy");

    public static string HoconFolder => Path.Combine(TestAssets.RepoRoot, "hocon");

    /// <summary>Every document of a YAML file; throws with the file and position when it is not valid YAML.</summary>
    public static IReadOnlyList<Dictionary<object, object>> Documents(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        var parser = new MergingParser(new Parser(reader));
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<Dictionary<object, object>>();
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            if (deserializer.Deserialize(parser) is Dictionary<object, object> document) documents.Add(document);
        }
        return documents;
    }

    public static Dictionary<object, object> Map(object? node, string what) =>
        node as Dictionary<object, object> ?? throw new InvalidOperationException($"{what} is not a map");

    public static List<object> List(object? node, string what) =>
        node as List<object> ?? throw new InvalidOperationException($"{what} is not a list");

    public static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not Dictionary<object, object> map || !map.TryGetValue(key, out node)) return null;
        }
        return node;
    }

    public static string Text(object? node, params string[] path) =>
        At(node, path) as string ?? throw new InvalidOperationException($"{string.Join('.', path)} is missing or not a scalar");

    /// <summary>Ports the Dockerfile EXPOSEs.</summary>
    public static IReadOnlySet<int> ExposedPorts() =>
        Dockerfile().Split('\n').Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))
            .SelectMany(l => l["EXPOSE ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse).ToHashSet();

    public static IReadOnlySet<string> BuildArguments() =>
        BuildArgument().Matches(Dockerfile()).Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>The AV_* variables the image sets (ENV), with their values.</summary>
    public static IReadOnlyDictionary<string, string> ImageEnvironment() =>
        ImageVariable().Matches(Dockerfile()).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    /// <summary>Variables hocon/*.conf declares with <c># env VAR</c>.</summary>
    public static IReadOnlyDictionary<string, string> DeclaredVariables() =>
        HoconFiles.EnvironmentVariables(Directory.GetFiles(HoconFolder, "*.conf"));

    /// <summary>The user and group the image's last USER line runs the node as (numeric, so Kubernetes can check runAsNonRoot).</summary>
    public static (int User, int Group) ImageUser()
    {
        var line = ImageUserLine().Matches(Dockerfile()).Last();
        return (int.Parse(line.Groups[1].Value), int.Parse(line.Groups[2].Value));
    }

    /// <summary>The node's settings as the image's environment plus <paramref name="environment"/> make them.</summary>
    public static ActorVisionSettings SettingsWith(IReadOnlyDictionary<string, string> environment, params string[] configFiles)
    {
        var merged = ImageEnvironment().Concat(environment).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        return ActorVisionSettings.FromConfig(HoconFiles.Load(HoconFolder, configFiles, merged.GetValueOrDefault));
    }

    private static string Dockerfile() => File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "Dockerfile"));

    [GeneratedRegex(@"^ARG\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex BuildArgument();

    [GeneratedRegex(@"\b(AV_[A-Z0-9_]+)=(\S+)")]
    private static partial Regex ImageVariable();

    [GeneratedRegex(@"^USER\s+(\d+):(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ImageUserLine();
}
