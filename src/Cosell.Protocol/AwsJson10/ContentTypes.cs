namespace Cosell.Protocol.AwsJson10;

public static class ContentTypes
{
    public const string AmzJson10 = "application/x-amz-json-1.0";
    public const string Json = "application/json";
}
