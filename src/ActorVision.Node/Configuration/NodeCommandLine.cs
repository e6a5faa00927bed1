namespace ActorVision.Node.Configuration;

/// <summary>
/// The node's own arguments: <c>--config-dir DIR</c> (default <c>$AV_CONFIG_DIR</c>, else <c>hocon/</c> next to
/// the binary or in the repository), repeatable <c>--config FILE</c> overrides, and <c>--demo</c>.
/// </summary>
public sealed record NodeCommandLine(string ConfigDirectory, IReadOnlyList<string> ConfigFiles, bool Demo)
{
    public const string Usage = """
        usage: actorvision-node [--config-dir DIR] [--config FILE]... [--demo]
          --config-dir DIR   folder of *.conf files (default: $AV_CONFIG_DIR, else ./hocon)
          --config FILE      extra HOCON file layered on top (repeatable; later files win)
          --demo             run the demo cameras (hocon/example-demo-cameras.conf as the camera file) and
                             print every analytics event (see scripts/demo.sh)
        """;

    public static NodeCommandLine Parse(string[] args)
    {
        string? dir = null;
        var files = new List<string>();
        var demo = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--config-dir" when i + 1 < args.Length: dir = args[++i]; break;
                case "--config" when i + 1 < args.Length: files.Add(args[++i]); break;
                case "--demo": demo = true; break;
                case "-h" or "--help": throw new NodeUsageException(Usage);
                default: throw new NodeUsageException($"unknown argument '{args[i]}'\n{Usage}");
            }
        }
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new NodeUsageException($"--config: '{file}' does not exist");
        }
        return new NodeCommandLine(dir ?? Environment.GetEnvironmentVariable("AV_CONFIG_DIR") ?? FindDefaultConfigDirectory(), files, demo);
    }

    private static string FindDefaultConfigDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "hocon");
                if (File.Exists(Path.Combine(candidate, "actorvision.conf"))) return candidate;
            }
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "hocon");
    }
}

public sealed class NodeUsageException(string message) : Exception(message);
