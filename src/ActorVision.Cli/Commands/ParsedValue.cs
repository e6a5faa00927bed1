using System.CommandLine;
using System.CommandLine.Parsing;

namespace ActorVision.Cli.Commands;

/// <summary>
/// Reads an option inside a command validator. An option that failed to parse throws there; its own error
/// is already reported, so the cross-option check just has nothing to say.
/// </summary>
public static class ParsedValue
{
    public static bool TryGet<T>(CommandResult result, Option<T> option, out T? value)
    {
        value = default;
        if (result.GetResult(option) is null)
            return false;
        try
        {
            value = result.GetValue(option);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
