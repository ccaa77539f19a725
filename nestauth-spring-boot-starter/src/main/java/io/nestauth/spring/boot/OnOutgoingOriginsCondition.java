package io.nestauth.spring.boot;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code nestauth.outgoing.origins} lists at least one origin, in any of the forms
 * Boot binds a list from ({@code origins=a,b}, {@code origins[0]=a}, a YAML list).
 */
class OnOutgoingOriginsCondition extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    List<String> origins = Binder.get(context.getEnvironment())
        .bind("nestauth.outgoing.origins", Bindable.listOf(String.class)).orElse(List.of());
    return origins.isEmpty() ? ConditionOutcome.noMatch("nestauth.outgoing.origins is empty")
        : ConditionOutcome.match("nestauth.outgoing.origins lists " + origins.size() + " origin(s)");
  }
}
