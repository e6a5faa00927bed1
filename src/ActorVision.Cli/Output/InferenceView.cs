using System.Globalization;
using ActorVision.Protocol.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorVision.Cli.Output;

/// <summary>Tables for loaded models and inference devices.</summary>
public static class InferenceView
{
    public static IRenderable Models(ListModelsReply reply)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Model", "Adapter", "Input", "Max batch", "Providers", "Classes", "File");
        foreach (var model in reply.Models.OrderBy(m => m.Name, StringComparer.Ordinal))
            table.AddRow(
                model.Name,
                model.Adapter,
                InputSize(model.InputWidth, model.InputHeight),
                model.MaxBatch > 0 ? model.MaxBatch.ToString(CultureInfo.InvariantCulture) : "-",
                Formats.List(model.Providers),
                ClassSummary(model),
                string.IsNullOrEmpty(model.File) ? "-" : model.File);
        table.Caption(string.IsNullOrEmpty(reply.Node) ? $"{reply.Models.Count} models" : $"{reply.Models.Count} models on {reply.Node}");
        return table;
    }

    public static IRenderable Devices(ListDevicesReply reply)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Node", "Device", "Provider", "Workers", "Queue", "In flight", "Mean batch", "p50", "p99", "Requests", "Rejected", "Failed");
        for (var i = 3; i < 12; i++)
            table.Columns[i].RightAligned();
        foreach (var device in reply.Devices.OrderBy(d => d.Node, StringComparer.Ordinal).ThenBy(d => d.Device_, StringComparer.Ordinal))
            table.AddRow(
                new Text(device.Node),
                new Text(device.Device_),
                new Text(device.Provider),
                new Text(device.Workers.ToString(CultureInfo.InvariantCulture)),
                new Text(device.QueueDepth.ToString(CultureInfo.InvariantCulture)),
                new Text(device.InFlight.ToString(CultureInfo.InvariantCulture)),
                new Text(device.MeanBatchSize.ToString("0.00", CultureInfo.InvariantCulture)),
                new Text(Formats.Millis(device.LatencyMsP50)),
                new Text(Formats.Millis(device.LatencyMsP99)),
                new Text(Formats.Count(device.Requests)),
                new Text(Formats.Count(device.Rejected), device.Rejected > 0 ? new Style(Color.Yellow) : Style.Plain),
                new Text(Formats.Count(device.Failed), device.Failed > 0 ? new Style(Color.Red) : Style.Plain));
        table.Caption(Formats.Count(reply.Devices.Count, "device"));
        return table;
    }

    private static string ClassSummary(Model model) => model.Classes.Count switch
    {
        0 => "-",
        <= 4 => string.Join(", ", model.Classes),
        _ => $"{string.Join(", ", model.Classes.Take(3))} (+{model.Classes.Count - 3})",
    };

    // A model-free detector fixes only its working width; its height follows each camera's aspect ratio.
    private static string InputSize(int width, int height) =>
        width <= 0 ? "-" : height <= 0 ? $"{width} wide" : $"{width}x{height}";
}
