namespace Cosell.Protocol.Pipeline;

public sealed class PipelineOptions
{
    /// <summary>
    /// Largest request body accepted; larger ones get a JSON 413. The largest requests the model (and the validator's caps
    /// on unbounded lists and strings) allow are CreateOpportunity and CreateEngagement at about 3 MB when every character
    /// is one outside the Basic Multilingual Plane and the client escapes it as botocore does (12 bytes each).
    /// </summary>
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>JSON nesting the parser accepts; the model's deepest input is about 8 levels.</summary>
    public int MaxJsonDepth { get; set; } = 64;
}
