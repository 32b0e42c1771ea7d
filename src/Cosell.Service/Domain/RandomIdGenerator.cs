using System.Security.Cryptography;
using Cosell.Service.Ports;

namespace Cosell.Service.Domain;

public sealed class RandomIdGenerator : IIdGenerator
{
    public const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    internal static readonly System.Buffers.SearchValues<char> Characters = System.Buffers.SearchValues.Create(Alphabet);

    public string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    public Guid NewGuid() => Guid.NewGuid();
}
