package health.isthmus.dicomweb.wado;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * WADO-RS resources (PS3.18 10.4) under {@code /dicomweb/studies}. Responses are written straight onto the servlet
 * response as they are produced; content negotiation is WADO-RS's own (multipart part types and transfer-syntax
 * parameters), so no {@code produces} conditions here.
 */
@RestController
@RequestMapping("/dicomweb/studies/{study}")
class WadoController {

    private final WadoRetrieval wado;

    WadoController(WadoRetrieval wado) {
        this.wado = wado;
    }

    @GetMapping
    void study(
            @PathVariable String study,
            @RequestParam(defaultValue = "false") boolean original,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.retrieve(request, response, study, null, null, original);
    }

    @GetMapping("/series/{series}")
    void series(
            @PathVariable String study,
            @PathVariable String series,
            @RequestParam(defaultValue = "false") boolean original,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.retrieve(request, response, study, series, null, original);
    }

    @GetMapping("/series/{series}/instances/{instance}")
    void instance(
            @PathVariable String study,
            @PathVariable String series,
            @PathVariable String instance,
            @RequestParam(defaultValue = "false") boolean original,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.retrieve(request, response, study, series, instance, original);
    }

    @GetMapping("/metadata")
    void studyMetadata(
            @PathVariable String study,
            @RequestParam(defaultValue = "false") boolean original,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.metadata(request, response, study, null, null, original);
    }

    @GetMapping("/series/{series}/metadata")
    void seriesMetadata(
            @PathVariable String study,
            @PathVariable String series,
            @RequestParam(defaultValue = "false") boolean original,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.metadata(request, response, study, series, null, original);
    }

    @GetMapping("/series/{series}/instances/{instance}/metadata")
    void instanceMetadata(
            @PathVariable String study,
            @PathVariable String series,
            @PathVariable String instance,
            @RequestParam(defaultValue = "false") boolean original,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.metadata(request, response, study, series, instance, original);
    }

    @GetMapping("/series/{series}/instances/{instance}/bulkdata/{reference}")
    void bulkData(
            @PathVariable String study,
            @PathVariable String series,
            @PathVariable String instance,
            @PathVariable String reference,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.bulkData(request, response, study, series, instance, reference);
    }

    @GetMapping("/series/{series}/instances/{instance}/frames/{frames}")
    void frames(
            @PathVariable String study,
            @PathVariable String series,
            @PathVariable String instance,
            @PathVariable String frames,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.frames(request, response, study, series, instance, frames);
    }

    @GetMapping("/series/{series}/instances/{instance}/rendered")
    void renderedInstance(
            @PathVariable String study,
            @PathVariable String series,
            @PathVariable String instance,
            @RequestParam(required = false) @Nullable String window,
            @RequestParam(required = false) @Nullable String viewport,
            @RequestParam(required = false) @Nullable Integer quality,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.rendered(request, response, study, series, instance, null, false, window, viewport, quality);
    }

    @GetMapping("/series/{series}/instances/{instance}/frames/{frame}/rendered")
    void renderedFrame(
            @PathVariable String study,
            @PathVariable String series,
            @PathVariable String instance,
            @PathVariable int frame,
            @RequestParam(required = false) @Nullable String window,
            @RequestParam(required = false) @Nullable String viewport,
            @RequestParam(required = false) @Nullable Integer quality,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.rendered(request, response, study, series, instance, frame, false, window, viewport, quality);
    }

    @GetMapping("/series/{series}/instances/{instance}/thumbnail")
    void instanceThumbnail(
            @PathVariable String study,
            @PathVariable String series,
            @PathVariable String instance,
            @RequestParam(required = false) @Nullable String viewport,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.rendered(request, response, study, series, instance, null, true, null, viewport, null);
    }

    @GetMapping("/series/{series}/instances/{instance}/frames/{frame}/thumbnail")
    void frameThumbnail(
            @PathVariable String study,
            @PathVariable String series,
            @PathVariable String instance,
            @PathVariable int frame,
            @RequestParam(required = false) @Nullable String viewport,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.rendered(request, response, study, series, instance, frame, true, null, viewport, null);
    }

    @GetMapping("/series/{series}/thumbnail")
    void seriesThumbnail(
            @PathVariable String study,
            @PathVariable String series,
            @RequestParam(required = false) @Nullable String viewport,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.rendered(request, response, study, series, null, null, true, null, viewport, null);
    }

    @GetMapping("/thumbnail")
    void studyThumbnail(
            @PathVariable String study,
            @RequestParam(required = false) @Nullable String viewport,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        wado.rendered(request, response, study, null, null, null, true, null, viewport, null);
    }
}
