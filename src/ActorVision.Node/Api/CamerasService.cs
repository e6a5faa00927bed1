using ActorVision.Common;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Cluster.Capacity;
using ActorVision.Core.Cameras;
using ActorVision.Core.Validation;
using ActorVision.Media;
using ActorVision.Node.Access;
using Grpc.Core;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Protocol.Mapping;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Api;

/// <summary>
/// The Cameras service: every call becomes a command or query to the camera's sharded entity (through
/// <see cref="CameraClient"/>, which retries through failover), and every reply is redacted by <see cref="CameraViews"/>.
/// Cameras created here are owned by the API; the camera file's cameras can be read, started and stopped here, but
/// changing or removing them is FailedPrecondition (edit the file instead).
/// </summary>
public sealed class CamerasService(CameraAccess cameras, CameraAdmission admission, ILogger<CamerasService> log) : V1.Cameras.CamerasBase
{
    private const string SpecPrefix = "spec.";

    [Requires(AccessRole.Admin)]
    public override async Task<V1.CameraReply> AddCamera(V1.AddCameraRequest request, ServerCallContext context)
    {
        var spec = SpecFromRequest(request.Spec);
        if (request.Start) Admit(spec, request.Force);
        var view = await Run(context, SpecPrefix, (client, budget, ct) =>
            client.SendAsync(new RegisterCamera(spec, CameraOwner.Api, request.Start), budget, ct));
        log.LogInformation("camera {Camera} added ({Source}){Start}", spec.Id, UrlRedaction.Redact(spec.SourceUrl), request.Start ? ", starting" : "");
        return new V1.CameraReply { Camera = CameraViews.ToProto(view) };
    }

    [Requires(AccessRole.Admin)]
    public override async Task<V1.CameraReply> UpdateCamera(V1.UpdateCameraRequest request, ServerCallContext context)
    {
        if (request.Spec is null) throw ApiErrors.InvalidArgument("spec", "is required");
        var id = RequireId(request.Spec.Id, "spec.id");
        var view = await Run(context, SpecPrefix, async (client, budget, ct) =>
        {
            var current = await client.GetAsync(id, budget, ct).ConfigureAwait(false);
            var errors = new List<FieldError>();
            var merged = CameraSpecUpdate.Apply(CameraSpecMapping.ToProto(current.Spec), request.Spec, request.UpdateMask, errors);
            if (errors.Count > 0) throw ApiErrors.InvalidArgument(errors);
            var spec = SpecFromRequest(merged);
            return await client.SendAsync(new UpdateCamera(spec, CameraOwner.Api), budget, ct).ConfigureAwait(false);
        });
        log.LogInformation("camera {Camera} updated ({Fields})", id,
            request.UpdateMask is { Paths.Count: > 0 } mask ? string.Join(", ", mask.Paths) : "whole spec");
        return new V1.CameraReply { Camera = CameraViews.ToProto(view) };
    }

    [Requires(AccessRole.Admin)]
    public override async Task<V1.RemoveCameraReply> RemoveCamera(V1.CameraIdRequest request, ServerCallContext context)
    {
        var id = RequireId(request.CameraId, "camera_id");
        await Run(context, "", async (client, budget, ct) =>
        {
            await client.RemoveAsync(new RemoveCamera(id, CameraOwner.Api), budget, ct).ConfigureAwait(false);
            return true;
        });
        log.LogInformation("camera {Camera} removed", id);
        return new V1.RemoveCameraReply { CameraId = id };
    }

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.CameraReply> GetCamera(V1.CameraIdRequest request, ServerCallContext context)
    {
        var id = RequireId(request.CameraId, "camera_id");
        var view = await Run(context, "", (client, budget, ct) => client.GetAsync(id, budget, ct));
        return new V1.CameraReply { Camera = CameraViews.ToProto(view) };
    }

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.ListCamerasReply> ListCameras(V1.ListCamerasRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var ids = await cameras.Directory.CurrentIdsAsync(ct);
        var client = await cameras.ClientAsync(ct);
        var lookups = await client.GetManyAsync(ids, CallBudget.Of(context), ct);
        var reply = new V1.ListCamerasReply();
        reply.Cameras.AddRange(lookups.Select(CameraViews.ToProto));
        return reply;
    }

    [Requires(AccessRole.Admin)]
    public override async Task<V1.CameraReply> StartCamera(V1.CameraIdRequest request, ServerCallContext context)
    {
        var id = RequireId(request.CameraId, "camera_id");
        var view = await Run(context, "", (client, budget, ct) => client.SendAsync(new StartCamera(id), budget, ct));
        log.LogInformation("camera {Camera} started", id);
        return new V1.CameraReply { Camera = CameraViews.ToProto(view) };
    }

    [Requires(AccessRole.Admin)]
    public override async Task<V1.CameraReply> StopCamera(V1.CameraIdRequest request, ServerCallContext context)
    {
        var id = RequireId(request.CameraId, "camera_id");
        var view = await Run(context, "", (client, budget, ct) => client.SendAsync(new StopCamera(id), budget, ct));
        log.LogInformation("camera {Camera} stopped", id);
        return new V1.CameraReply { Camera = CameraViews.ToProto(view) };
    }

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.CameraStatus> GetCameraStatus(V1.CameraIdRequest request, ServerCallContext context)
    {
        var id = RequireId(request.CameraId, "camera_id");
        var view = await Run(context, "", (client, budget, ct) => client.GetAsync(id, budget, ct));
        return CameraViews.ToStatus(view);
    }

    [Requires(AccessRole.Admin)]
    public override async Task<V1.CameraReply> SetRules(V1.SetRulesRequest request, ServerCallContext context)
    {
        var id = RequireId(request.CameraId, "camera_id");
        RequireFewRules(request.Rules.Count, "rules");
        var errors = new List<FieldError>();
        var rules = RuleMapping.FromProto(request.Rules, errors);
        if (errors.Count > 0) throw ApiErrors.InvalidArgument(errors);
        var view = await Run(context, "", (client, budget, ct) => client.SendAsync(new ReplaceRules(id, rules, CameraOwner.Api), budget, ct));
        log.LogInformation("camera {Camera} now has {Count} rules", id, rules.Count);
        return new V1.CameraReply { Camera = CameraViews.ToProto(view) };
    }

    /// <summary>Refuses to start a camera the cluster has no room for (RESOURCE_EXHAUSTED), unless forced.</summary>
    private void Admit(CameraSpec spec, bool force)
    {
        var decision = admission.Decide(spec);
        if (decision.Admitted) return;
        if (force)
        {
            log.LogWarning("camera {Camera} forced in: {Reason}", spec.Id, decision.Reason);
            return;
        }
        log.LogWarning("camera {Camera} refused: {Reason}", spec.Id, decision.Reason);
        throw ApiErrors.ResourceExhausted(decision.Reason + " (--force)", "CLUSTER_FULL", new Dictionary<string, string>
        {
            ["camera"] = spec.Id,
            ["camera_cores"] = decision.CameraCores.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            ["most_headroom_cores"] = decision.MostHeadroomCores.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>A request's spec in domain form, with the node's defaults; shape problems are InvalidArgument under <c>spec.</c>.</summary>
    private CameraSpec SpecFromRequest(V1.CameraSpec? proto)
    {
        if (proto is null) throw ApiErrors.InvalidArgument("spec", "is required");
        RequireId(proto.Id, "spec.id");
        RequireFewRules(proto.Rules.Count, "spec.rules");
        var errors = new List<FieldError>();
        var spec = CameraSpecMapping.FromProto(proto, errors, cameras.DefaultAnalysisFps);
        if (errors.Count > 0) throw ApiErrors.InvalidArgument(errors.Select(e => e with { Path = SpecPrefix + e.Path }).ToArray());
        return spec;
    }

    /// <summary>A rule set over the cap is refused before any rule of it is read (the entity checks the rest of the limits).</summary>
    private void RequireFewRules(int count, string field)
    {
        if (count > cameras.Limits.MaxRules)
            throw ApiErrors.InvalidArgument(field, $"{count} rules; a camera may have at most {cameras.Limits.MaxRules} (actorvision.cameras.max-rules)");
    }

    private static string RequireId(string id, string field)
    {
        if (string.IsNullOrEmpty(id)) throw ApiErrors.InvalidArgument(field, "is required");
        if (!CameraSpecValidator.IsValidId(id))
            throw ApiErrors.InvalidArgument(field, $"'{id}' is not a valid camera id: use 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        return id;
    }

    /// <summary>Runs a camera call within the client's deadline and turns rejections and failover into gRPC statuses.</summary>
    private async Task<T> Run<T>(ServerCallContext context, string fieldPrefix, Func<CameraClient, TimeSpan?, CancellationToken, Task<T>> call)
    {
        var client = await cameras.ClientAsync(context.CancellationToken);
        try
        {
            return await call(client, CallBudget.Of(context), context.CancellationToken);
        }
        catch (CameraRejectedException ex)
        {
            throw ApiErrors.From(ex.Rejection, fieldPrefix);
        }
        catch (CameraUnavailableException ex)
        {
            log.LogWarning("{Reason}; answering Unavailable", ex.Message);
            throw ApiErrors.Unavailable(ex);
        }
    }
}
