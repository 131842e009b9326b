import type { JsonValue, RouteName, ViewAction, ViewSelect } from '../views.ts';
import type { RouteDeclaration } from './types.ts';

// The only way to put a route into a View: it takes the route's declaration, so its name cannot be
// misspelt, and `state` must have the type its schema parses to, so a button cannot store state
// the route would reject.

type ButtonSpec<State> = Omit<ViewAction, 'route' | 'state' | 'persistent'> & { readonly state: NoInfer<State> };
type SelectSpec<State> = Omit<ViewSelect, 'route' | 'state' | 'persistent'> & { readonly state: NoInfer<State> };

/** A button that runs `target` with `spec.state`. */
export function button<State>(target: RouteDeclaration<State>, spec: ButtonSpec<State>): ViewAction {
  return { ...spec, route: target.name as RouteName, state: toJson(spec.state), ...persistence(target) };
}

/** A select menu whose chosen values reach `target` with `spec.state`. */
export function select<State>(target: RouteDeclaration<State>, spec: SelectSpec<State>): ViewSelect {
  return { ...spec, route: target.name as RouteName, state: toJson(spec.state), ...persistence(target) };
}

function persistence(target: Pick<RouteDeclaration, 'persistent'>): { persistent?: true } {
  return target.persistent ? { persistent: true } : {};
}

/** Views are JSON-safe: optional fields left undefined are dropped, as storing them would. */
function toJson(state: unknown): JsonValue {
  return JSON.parse(JSON.stringify(state ?? null)) as JsonValue;
}
