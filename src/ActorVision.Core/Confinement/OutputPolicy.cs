using ActorVision.Core.Validation;

namespace ActorVision.Core.Confinement;

/// <summary>
/// Where the node may write: every output path (HLS folders, MP4 recordings, snapshots, job outputs) resolves inside
/// the data folder, relative paths from it, after resolving every symbolic link on the way. Control characters and
/// <c>%</c> are refused: FFmpeg reads <c>%</c> in a segment name as a pattern, and a control character has no place
/// in a file name an operator can read back.
/// </summary>
public sealed class OutputPolicy
{
    public const int MaxLength = 1024;

    /// <param name="dataFolder">The node's data folder (actorvision.node.data-folder), the only place outputs go.</param>
    public OutputPolicy(string dataFolder)
    {
        _dataFolder = Path.GetFullPath(dataFolder);
    }

    private readonly string _dataFolder;

    /// <summary>The data folder's real path (resolved on each use: the node creates the folder after reading its settings).</summary>
    public string DataFolder => RealPaths.Folder(_dataFolder);

    /// <summary>
    /// The real full path to write <paramref name="path"/> to; null, with the reason under <paramref name="field"/>,
    /// when it is refused. The data folder itself is refused too: an output needs a file or folder of its own.
    /// </summary>
    public string? Resolve(string? path, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add(new(field, "is empty"));
            return null;
        }
        var before = errors.Count;
        if (path.Length > MaxLength) errors.Add(new(field, $"is longer than {MaxLength} characters"));
        if (path.Any(char.IsControl)) errors.Add(new(field, "contains a control character (newline, tab, NUL...)"));
        if (path.Contains('%')) errors.Add(new(field, "contains '%', which FFmpeg reads as a pattern"));
        if (path.Split('/', '\\').Contains("..")) errors.Add(new(field, "must not contain '..'"));
        if (errors.Count > before) return null;

        var data = DataFolder;
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(data, path));
        var real = RealPaths.Resolve(full, out _);
        if (real is not null && RealPaths.IsInside(real, data, orSame: true) && !RealPaths.IsInside(real, data))
        {
            errors.Add(new(field, $"'{path}' is the data folder itself: give a file or folder inside it, such as hls/<camera>"));
            return null;
        }
        if (real is null || !RealPaths.IsInside(real, data))
        {
            errors.Add(new(field, RealPaths.IsInside(full, data, orSame: true)
                ? $"'{path}' leads outside the data folder ({data}) through a symbolic link"
                : $"'{path}' is outside the data folder ({data}): give a path relative to it, such as hls/<camera>"));
            return null;
        }
        return real;
    }
}
