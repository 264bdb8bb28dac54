"""What the client form's mixins (ClientForm, ClientActions) use of ClientPane, declared for the type checker.

Kept apart from the modules with texts: Qt's lupdate loses track of the class a text is in
after a class body like this one, so no tr() text may follow it in the same file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import (
        QComboBox,
        QDoubleSpinBox,
        QFormLayout,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QPushButton,
        QTabWidget,
        QToolButton,
        QWidget,
    )

    from ui.client_calls import FilePage, SocketPage
    from ui.client_net_options import ClientNetOptions
    from ui.client_peer import PeerChoice
    from ui.client_send import OptionsPage, SendPage
    from ui.client_widgets import PortBox
    from ui.packets_page import PacketsPage
    from ui.repeater import Repeater
    from ui.request_index import RequestIndex
    from ui.server_pane import InlineError
    from ui.session import ClientHandle as Client
    from ui.session import Session
    from ui.throttle import Throttle
    from workbench.spec import ClientSpec


class ClientParts:
    """What the client form's mixins use of the pane (declared for the type checker; ClientPane has them)."""

    if TYPE_CHECKING:
        session: Session
        use_server_combo: QComboBox
        more_toggle: QToolButton
        net_options: ClientNetOptions
        target_hint: QLabel
        family: QComboBox
        type: QComboBox
        host: QLineEdit
        port: PortBox
        path: QLineEdit
        timeout: QDoubleSpinBox
        connect_call: QComboBox
        connecting: QLabel
        current: QComboBox
        tabs: QTabWidget
        mode: QComboBox
        call: QComboBox
        payload: QPlainTextEdit
        send_page: SendPage
        options_page: OptionsPage
        socket_page: SocketPage
        file_page: FilePage
        shutdown_button: QPushButton
        close_button: QPushButton
        status: QLabel
        packets_page: PacketsPage
        errors: dict[str, InlineError]
        _form: QFormLayout
        _address_row: QWidget
        _path_box: QWidget
        _connecting_row: QWidget
        _received: dict[str, tuple[int, int]]
        _reading: dict[str, bool]
        _resolved: dict[int, str]
        _auto_read: bool
        _connecting: dict[str, str]
        _busy: bool
        _repeater: Repeater | None
        _repeat_client: str
        _server_targets: dict[str, tuple[Any, ...]]
        _restored_target: tuple[Any, ...] | None
        _stale_target: bool
        _request_index: RequestIndex | None
        _peer_rows: dict[str, PeerChoice]
        _peers_refresh: Throttle

        def tr(self, sourceText: str, /, disambiguation: str | None = ..., n: int = ...) -> str: ...
        def spec(self) -> ClientSpec: ...
        def save_form(self) -> None: ...
        def current_client(self) -> Client | None: ...
        def client_blocker(self) -> str | None: ...
        def send_blocker(self) -> str | None: ...
        def mode_text(self, client: Client) -> str: ...
        def show_result(self, message: str, error: bool = False) -> None: ...
        def _update_buttons(self, _index: int = 0) -> None: ...
        def _update_type_texts(self) -> None: ...
        def retranslate_tab_tips(self) -> None: ...
        def current_peer(self) -> PeerChoice | None: ...
        def peer_blocker(self, peer: PeerChoice) -> str | None: ...
        def first_peer_row(self) -> int: ...
        def show_peer_target(self, peer: PeerChoice) -> None: ...
        def leave_peer_target(self) -> None: ...
        async def send_to_peer(self, peer: PeerChoice, data: bytes, quiet: bool = False, name: str = "") -> bool: ...
        async def send_to_peer_action(self, peer: PeerChoice, data: bytes, name: str = "") -> None: ...
        @property
        def payload_problems(self) -> list[Any]: ...
