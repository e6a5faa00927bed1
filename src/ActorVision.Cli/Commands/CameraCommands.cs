using System.CommandLine;
using ActorVision.Cli.Cameras;
using ActorVision.Cli.Files;
using ActorVision.Cli.Output;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Commands;

/// <summary>`camera add|update|rm|ls|status|start|stop` and `rules set`.</summary>
public static class CameraCommands
{
    public static Command Camera(CliRuntime runtime)
    {
        var camera = new Command("camera", "Cameras: add, change, remove, list, status, start, stop");

        var addOptions = new CameraOptions();
        var start = new Option<bool>("--start") { Description = "Start analysing right away" };
        var force = new Option<bool>("--force")
        {
            Description = "With --start: start it even when no node reports room for it (otherwise refused with exit code 10)",
        };
        var add = new Command("add", "Add a camera (AlreadyExists if the id is taken: use update)") { start, force };
        addOptions.AddTo(add);
        runtime.Handle(add, async (scope, ct) =>
        {
            var request = CameraSpecBuilder.ForAdd(addOptions.Read(scope.Parse), scope.Value(start), scope.Value(force));
            scope.Subject = $"camera '{request.Spec.Id}'";
            CameraReply reply;
            try
            {
                reply = await scope.Client.AddCameraAsync(request, ct);
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.AlreadyExists)
            {
                throw new Errors.CommandFailedException(Errors.ExitCodes.Conflict,
                    $"camera '{request.Spec.Id}' already exists: use `avctl camera update` to change it");
            }
            scope.ShowLine(reply, () => CameraView.Done(request.Spec.Id, "added", reply.Camera));
        });

        var updateOptions = new CameraOptions();
        var update = new Command("update", "Change a camera: only the flags given (or the whole --spec)");
        updateOptions.AddTo(update);
        runtime.Handle(update, async (scope, ct) =>
        {
            var request = CameraSpecBuilder.ForUpdate(updateOptions.Read(scope.Parse));
            scope.Subject = $"camera '{request.Spec.Id}'";
            var reply = await scope.Client.UpdateCameraAsync(request, ct);
            scope.ShowLine(reply, () => CameraView.Done(request.Spec.Id, "updated", reply.Camera));
        });

        var rmId = IdArgument();
        var rm = new Command("rm", "Remove a camera (stops it first)") { rmId };
        runtime.Handle(rm, async (scope, ct) =>
        {
            var id = scope.Value(rmId);
            scope.Subject = $"camera '{id}'";
            var reply = await scope.Client.RemoveCameraAsync(id, ct);
            scope.ShowLine(reply, () => new Spectre.Console.Text($"camera {id} removed"));
        });

        var ls = new Command("ls", "List cameras with state, node, rates and drops");
        runtime.Handle(ls, async (scope, ct) =>
        {
            var reply = await scope.Client.ListCamerasAsync(ct);
            scope.Show(reply, () => CameraView.List(reply));
        });

        var statusId = IdArgument();
        var status = new Command("status", "One camera's state, reason, rates, latency, reconnects and counters") { statusId };
        runtime.Handle(status, async (scope, ct) =>
        {
            var id = scope.Value(statusId);
            scope.Subject = $"camera '{id}'";
            var reply = await scope.Client.GetCameraStatusAsync(id, ct);
            scope.Show(reply, () => CameraView.Status(reply, scope.Clock.GetUtcNow()));
        });

        camera.Subcommands.Add(add);
        camera.Subcommands.Add(update);
        camera.Subcommands.Add(rm);
        camera.Subcommands.Add(ls);
        camera.Subcommands.Add(status);
        camera.Subcommands.Add(StartStop(runtime, "start", "Start analysing a camera", "started", (c, id, ct) => c.StartCameraAsync(id, ct)));
        camera.Subcommands.Add(StartStop(runtime, "stop", "Stop a camera (it keeps its spec)", "stopped", (c, id, ct) => c.StopCameraAsync(id, ct)));
        return camera;
    }

    public static Command Rules(CliRuntime runtime)
    {
        var rules = new Command("rules", "Camera rule sets");
        var cameraId = IdArgument();
        var file = new Argument<string>("file") { Description = "Rules file: JSON {\"rules\": [...]} in protobuf's JSON mapping" };
        var set = new Command("set", "Replace a camera's whole rule set (applied without restarting its decoder)") { cameraId, file };
        runtime.Handle(set, async (scope, ct) =>
        {
            var id = scope.Value(cameraId);
            var request = new SetRulesRequest { CameraId = id };
            request.Rules.AddRange(RulesFile.Load(scope.Value(file)));
            scope.Subject = $"camera '{id}'";
            var reply = await scope.Client.SetRulesAsync(request, ct);
            scope.ShowLine(reply, () => CameraView.Done(id, $"now has {request.Rules.Count} rule{(request.Rules.Count == 1 ? "" : "s")}", reply.Camera));
        });
        rules.Subcommands.Add(set);
        return rules;
    }

    private static Command StartStop(CliRuntime runtime, string name, string description, string verb,
        Func<Connection.IControlClient, string, CancellationToken, Task<CameraReply>> call)
    {
        var id = IdArgument();
        var command = new Command(name, description) { id };
        runtime.Handle(command, async (scope, ct) =>
        {
            var cameraId = scope.Value(id);
            scope.Subject = $"camera '{cameraId}'";
            var reply = await call(scope.Client, cameraId, ct);
            scope.ShowLine(reply, () => CameraView.Done(cameraId, verb, reply.Camera));
        });
        return command;
    }

    private static Argument<string> IdArgument()
    {
        var argument = new Argument<string>("camera") { Description = "Camera id" };
        argument.Validators.Add(result =>
        {
            try
            {
                CameraSpecBuilder.CheckId(result.GetValueOrDefault<string>() ?? "");
            }
            catch (Errors.UsageException e)
            {
                result.AddError(e.Message);
            }
        });
        return argument;
    }
}
