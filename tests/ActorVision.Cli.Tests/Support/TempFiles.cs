namespace ActorVision.Cli.Tests.Support;

/// <summary>A folder of files written by one test, deleted afterwards.</summary>
public sealed class TempFiles : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("avctl-tests-").FullName;

    public string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
