using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Files;

/// <summary>A whole CameraSpec in protobuf JSON (`camera add --spec lobby.json`); its rules get the rules-file checks.</summary>
public static class CameraSpecFile
{
    public const string Kind = "camera spec";

    public static CameraSpec Load(string path)
    {
        var spec = ProtoJsonFile.Load<CameraSpec>(path, Kind);
        RulesFile.Check(spec.Rules, $"{Kind} '{path}'");
        return spec;
    }
}
