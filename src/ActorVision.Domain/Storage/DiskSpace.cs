using System.Globalization;

namespace ActorVision.Domain.Storage;

/// <summary>The space of the file system that holds a folder, as measured.</summary>
public readonly record struct DiskSpace(long FreeBytes, long TotalBytes)
{
    public double FreePercent => TotalBytes <= 0 ? 100 : 100.0 * FreeBytes / TotalBytes;

    public override string ToString() => $"{Size(FreeBytes)} free of {Size(TotalBytes)} ({FreePercent.ToString("0.#", CultureInfo.InvariantCulture)}%)";

    /// <summary>Bytes for people: 1.5 GiB, 200 MiB, 12 KiB, 7 B.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return (unit == 0 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture)) + " " + units[unit];
    }
}
