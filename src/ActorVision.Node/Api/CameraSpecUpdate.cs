using ActorVision.Common;
using ActorVision.Core.Validation;
using ActorVision.Media;
using Google.Protobuf.WellKnownTypes;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Api;

/// <summary>
/// What an UpdateCamera request makes of the stored spec. With an update mask only the named fields change (the
/// others keep their stored values, so a client never has to send back a URL it only saw redacted); without one the
/// whole spec is replaced. Either way a redacted URL sent back unchanged means "keep the stored one", never "***".
/// </summary>
public static class CameraSpecUpdate
{
    private static readonly FieldMask.MergeOptions MergeOptions = new()
    {
        ReplaceMessageFields = true,
        ReplaceRepeatedFields = true,
        ReplacePrimitiveFields = true,
    };

    /// <param name="stored">The camera's current spec, unredacted.</param>
    /// <param name="requested">The request's spec.</param>
    /// <param name="mask">The request's update mask; empty: replace the whole spec.</param>
    /// <param name="errors">Receives problems with the mask (field <c>update_mask</c>).</param>
    public static V1.CameraSpec Apply(V1.CameraSpec stored, V1.CameraSpec requested, FieldMask? mask, List<FieldError> errors)
    {
        V1.CameraSpec next;
        if (mask is null || mask.Paths.Count == 0)
        {
            next = requested.Clone();
        }
        else
        {
            foreach (var path in mask.Paths)
            {
                if (!FieldMask.IsValid(V1.CameraSpec.Descriptor, path))
                    errors.Add(new FieldError("update_mask", $"'{path}' is not a CameraSpec field (use proto names such as analysis_fps, outputs.hls_folder)"));
                else if (path == "id" && requested.Id != stored.Id)
                    errors.Add(new FieldError("update_mask", "a camera's id cannot change: add a new camera and remove this one"));
            }
            if (errors.Count > 0) return stored;
            next = stored.Clone();
            mask.Merge(requested, next, MergeOptions);
        }
        next.SourceUrl = KeepIfRedacted(next.SourceUrl, stored.SourceUrl);
        next.Outputs ??= new V1.CameraOutputs();
        next.Outputs.RtspPublishUrl = KeepIfRedacted(next.Outputs.RtspPublishUrl, stored.Outputs?.RtspPublishUrl ?? "");
        return next;
    }

    private static string KeepIfRedacted(string sent, string stored) =>
        sent != stored && sent.Length > 0 && sent == UrlRedaction.Redact(stored) ? stored : sent;
}
