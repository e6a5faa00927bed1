using System.CommandLine;
using ActorVision.Cli.Output;

namespace ActorVision.Cli.Commands;

/// <summary>`model ls` and `device ls`.</summary>
public static class InferenceCommands
{
    public static Command Model(CliRuntime runtime)
    {
        var model = new Command("model", "Detection models");
        var ls = new Command("ls", "List the models the node has loaded");
        runtime.Handle(ls, async (scope, ct) =>
        {
            var reply = await scope.Client.ListModelsAsync(ct);
            scope.Show(reply, () => InferenceView.Models(reply));
        });
        model.Subcommands.Add(ls);
        return model;
    }

    public static Command Device(CliRuntime runtime)
    {
        var device = new Command("device", "Inference devices (CPU, GPUs) and their load");
        var ls = new Command("ls", "List devices per node: provider, workers, queue, batch size, latency, rejections");
        runtime.Handle(ls, async (scope, ct) =>
        {
            var reply = await scope.Client.ListDevicesAsync(ct);
            scope.Show(reply, () => InferenceView.Devices(reply));
        });
        device.Subcommands.Add(ls);
        return device;
    }
}
