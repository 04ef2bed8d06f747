// Angular is not installed here: the one decorator the README's Angular snippet uses, as Angular types it.
declare module '@angular/core' {
  export function Injectable(options?: { providedIn?: 'root' | null }): (target: abstract new (...args: never[]) => unknown, context: ClassDecoratorContext) => void;
}
