using Cosell.Model.Contracts;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cosell.Service.Dispatch;

public static class ServiceRegistration
{
    /// <summary>Registers the dispatcher and every handler class of this assembly (one per operation).</summary>
    public static IServiceCollection AddCosellService(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdGenerator, RandomIdGenerator>();
        services.TryAddSingleton(new IdempotencyOptions());
        services.AddSingleton<IOperationDispatcher, OperationDispatcher>();
        services.AddSingleton<Domain.Events.InvitationExpiry>();
        services.AddSingleton<ClientTokenSweep>();
        services.TryAddSingleton(new Domain.Events.EventRetentionOptions(null));
        services.AddSingleton<Domain.Events.EventRetention>();
        foreach (var (contract, implementation) in HandlerTypes())
        {
            services.AddSingleton(contract, implementation);
        }
        return services;
    }

    public static IEnumerable<(Type Contract, Type Implementation)> HandlerTypes()
    {
        foreach (var type in typeof(ServiceRegistration).Assembly.GetTypes())
        {
            if (type.IsAbstract || type.IsInterface)
            {
                continue;
            }
            foreach (var i in type.GetInterfaces())
            {
                if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IOperationHandler<,>))
                {
                    yield return (i, type);
                }
            }
        }
    }
}
