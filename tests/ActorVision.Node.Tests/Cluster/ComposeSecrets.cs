using System.Diagnostics;
using ActorVision.Tests;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>What deploy/compose/secrets/make-secrets.sh makes (with the openssl command line), in a folder of its own; deleted on dispose.</summary>
public sealed class ComposeSecrets : IDisposable
{
    private ComposeSecrets(string folder) => Folder = folder;

    public static string Script => Path.Combine(DeploymentFiles.Deploy, "compose", "secrets", "make-secrets.sh");

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public string Read(string name) => File.ReadAllText(PathOf(name)).Trim();

    public static ComposeSecrets Make()
    {
        var secrets = new ComposeSecrets(Path.Combine(Directory.CreateTempSubdirectory("av-secrets-").FullName, "secrets"));
        secrets.Run();
        return secrets;
    }

    /// <summary>Runs the script (again); returns what it printed.</summary>
    public string Run()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(Folder);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "make-secrets.sh did not finish");
        Assert.True(process.ExitCode == 0, $"make-secrets.sh failed ({process.ExitCode}): {output}");
        return output;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true); } catch (IOException) { }
    }
}
