/**
 * Monaco runs its language services in web workers. The gateway bundles each worker as its own
 * file next to the page's script, so they load from this origin (no CDN) and module workers can
 * resolve them relative to this bundle.
 */
const worker = (file: string, label: string) => new Worker(new URL(`./${file}`, import.meta.url), { type: 'module', name: label });

window.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    switch (label) {
      case 'graphql':
        return worker('graphql.worker.js', label);
      case 'json':
        return worker('json.worker.js', label);
      default:
        return worker('editor.worker.js', label);
    }
  },
};
